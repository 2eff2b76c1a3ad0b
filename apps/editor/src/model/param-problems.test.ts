import { readFileSync } from 'node:fs';
import { parseDocument, type Diagnostic, type GraphDocument } from '@ganvas/core';
import { describe, expect, it } from 'vitest';
import { localRegistry } from '../training/local-registry.js';
import { paramOf, problemsByParam } from './param-problems.js';
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
});
