import { readFileSync } from 'node:fs';
import { parseDocument, type Diagnostic, type GraphDocument } from '@ganvas/core';
import { describe, expect, it } from 'vitest';
import { localRegistry } from '../training/local-registry.js';
import { paramOf, paramPathOf, problemsByParam, problemsByProperty } from './param-problems.js';
import { diagnosticsOfScope, validateLocally } from './validation.js';

const template = (f: string) => parseDocument(JSON.parse(readFileSync(new URL(`../../../../templates/${f}`, import.meta.url), 'utf8'))).document as GraphDocument;

describe('problems beside parameter fields', () => {
  it('finds the param a node path points at, at the top level and inside a network', () => {
    expect(paramOf(['nodes', 3, 'params', 'dims'])).toBe('dims');
    expect(paramOf(['nodes', 3, 'params', 'kernelSize', 0])).toBe('kernelSize');
    expect(paramOf(['networks', 'D', 'nodes', 1, 'params', 'useBias'])).toBe('useBias');
    expect(paramOf(['nodes', 3, 'params'])).toBe('');
    // A definition named "params" is not a param; a node's other fields are not params either.
    expect(paramOf(['networks', 'params', 'nodes', 0, 'version'])).toBeUndefined();
    expect(paramOf(['networks', 'params', 'nodes', 0, 'params', 'units'])).toBe('units');
    expect(paramOf(['edges', 2])).toBeUndefined();
  });

  it("puts W001 beside conv2's useBias as a warning, and keeps E006 beside its field as an error", () => {
    const d = template('dcgan-mnist.json');
    d.networks.dcgan_discriminator!.nodes.find((n) => n.id === 'conv2')!.params.useBias = true;
    // Downstream of conv2, so it leaves conv2's lint alone.
    d.networks.dcgan_discriminator!.nodes.find((n) => n.id === 'score')!.params.units = -1;
    const registry = localRegistry();
    const inD = diagnosticsOfScope(validateLocally(d, registry).diagnostics, 'dcgan_discriminator').byNode;
    const conv2 = problemsByParam(inD.get('conv2') ?? [], ['filters', 'useBias']);
    expect(conv2.general).toEqual([]);
    expect([...conv2.byName.keys()]).toEqual(['useBias']);
    expect(conv2.byName.get('useBias')).toEqual([{ severity: 'warning', text: expect.stringMatching(/^W001 the bias of "conv2" feeds only "bn2"/) }]);
    const score = problemsByParam(inD.get('score') ?? [], ['units', 'useBias']);
    expect(score.byName.get('units')).toEqual([{ severity: 'error', text: expect.stringMatching(/^E006 node "score" \(layers\.dense\): param "units" /) }]);
  });

  it('lists problems about the params as a whole, or a key without a field, under the form', () => {
    const at = (path: Diagnostic['path']): Diagnostic => ({ code: 'E006', severity: 'error', message: 'm', path });
    const r = problemsByParam([at(['nodes', 0, 'params']), at(['nodes', 0, 'params', 'nope']), at(['nodes', 0, 'params', 'dims']), at(['nodes', 0])], ['dims']);
    expect(r.general).toEqual([{ severity: 'error', text: 'E006 m' }, { severity: 'error', text: 'E006 m' }]);
    expect(r.byName.get('dims')).toHaveLength(1);
  });

  it('keeps the path inside a param, so a problem in an object param reaches its property', () => {
    expect(paramPathOf(['nodes', 3, 'params', 'lrDecay', 'to'])).toEqual({ name: 'lrDecay', inner: ['to'] });
    expect(paramPathOf(['networks', 'D', 'nodes', 1, 'params', 'useBias'])).toEqual({ name: 'useBias', inner: [] });
    expect(paramPathOf(['nodes', 3, 'params'])).toEqual({ name: '', inner: [] });
    expect(paramPathOf(['edges', 2])).toBeUndefined();
  });

  it("puts the validator's E006 for lrDecay.to ≤ from beside the to sub-field of opt_g, and an unknown key beside the group", () => {
    const d = template('dcgan-mnist.json');
    const optG = () => d.nodes.find((n) => n.id === 'opt_g')!;
    const problemsOf = () => {
      const mine = validateLocally(d, localRegistry()).diagnostics.filter((x) => x.nodeId === 'opt_g');
      const { byName } = problemsByParam(mine, ['lr', 'beta1', 'lrDecay']);
      return problemsByProperty(byName.get('lrDecay') ?? [], ['from', 'to', 'final']);
    };
    optG().params.lrDecay = { from: 200, to: 200 };
    let r = problemsOf();
    expect(r.general).toEqual([]);
    expect([...r.byName.keys()]).toEqual(['to']);
    expect(r.byName.get('to')).toEqual([{ severity: 'error', text: expect.stringMatching(/^E006 node "opt_g" \(optim\.adam\): param "lrDecay\.to" "to" \(200\) must come after "from" \(200\)/) }]);
    // Just switched on, nothing filled: each required property is named beside its own sub-field.
    optG().params.lrDecay = {};
    r = problemsOf();
    expect([...r.byName.keys()].sort()).toEqual(['from', 'to']);
    expect(r.general).toEqual([]);
    optG().params.lrDecay = { from: 1, to: 2, start: 0 };
    r = problemsOf();
    expect(r.byName.size).toBe(0);
    expect(r.general).toEqual([{ severity: 'error', text: expect.stringMatching(/^E006 .*lrDecay.*start/) }]);
    optG().params.lrDecay = { from: 1, to: 2 };
    expect(problemsOf()).toEqual({ byName: new Map(), general: [] });
  });
});
