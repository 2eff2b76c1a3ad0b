import { readFileSync } from 'node:fs';
import { parseDocument, validateDocument, type EdgeDoc, type GraphDocument } from '@ganvas/core';
import { describe, expect, it } from 'vitest';
import { bundledCatalogue, localRegistry } from '../training/local-registry.js';
import { boundaryEdgeProblems } from './boundary-check.js';
import { mergeCatalogue } from './catalogue.js';
import { checkConnection } from './connection.js';
import { diagnosticsOfScope, validateLocally } from './validation.js';

const template = (f: string) => parseDocument(JSON.parse(readFileSync(new URL(`../../../../templates/${f}`, import.meta.url), 'utf8'))).document as GraphDocument;

describe('connection checks with core validator', () => {
  const dcgan = template('dcgan-mnist.json');
  const registry = localRegistry();

  it('refuses a role mismatch with the validator message naming both ends', () => {
    const v = checkConnection(dcgan, undefined, { source: 'data', sourcePort: 'image', target: 'schedule', targetPort: 'phases' }, registry);
    expect(v).toEqual({ ok: false, reason: expect.stringMatching(/^E003 edge data\.image → schedule\.phases: schedule expects phase, data gives image/) });
  });

  it('refuses a second edge into a single input, a self-loop and a cycle', () => {
    expect(checkConnection(dcgan, undefined, { source: 'z', sourcePort: 'z', target: 'd_real', targetPort: 'x' }, registry)).toMatchObject({ ok: false, reason: expect.stringContaining('E011') });
    expect(checkConnection(dcgan, 'dcgan_generator', { source: 'relu1', sourcePort: 'y', target: 'relu1', targetPort: 'x' }, registry)).toMatchObject({ ok: false });
    const cyc = checkConnection(dcgan, 'dcgan_discriminator', { source: 'lrelu2', sourcePort: 'y', target: 'conv1', targetPort: 'x' }, registry);
    expect(cyc).toMatchObject({ ok: false, reason: expect.stringMatching(/E005|E011/) });
  });

  it('accepts a valid connection and leaves unknown node types to the runner', () => {
    const noPreview = { ...dcgan, edges: dcgan.edges.filter((e) => e.target !== 'preview') };
    expect(checkConnection(noPreview, undefined, { source: 'fake', sourcePort: 'image', target: 'preview', targetPort: 'image' }, registry)).toEqual({ ok: true });
    const withPlugin = { ...dcgan, nodes: [...dcgan.nodes, { id: 'ext', type: 'acme.thing', version: 1, params: {}, position: { x: 0, y: 0 } }] };
    expect(checkConnection(withPlugin, undefined, { source: 'ext', sourcePort: 'y', target: 'preview', targetPort: 'image' }, registry)).toEqual({ ok: 'unknown' });
  });

  it('groups diagnostics by node and edge of the scope they are in', () => {
    const broken = structuredClone(dcgan);
    broken.nodes.find((n) => n.id === 'z')!.params.dims = 64;
    const view = validateLocally(broken, registry);
    const top = diagnosticsOfScope(view.diagnostics, undefined);
    const edgeIndex = broken.edges.findIndex((e) => e.source === 'z' && e.target === 'fake');
    expect(top.byEdge.get(edgeIndex)?.[0]?.code).toBe('E004');
    expect(top.byNode.get('fake')?.[0]?.message).toMatch(/fake expects \[B, 100\], z makes \[B, 64\]/);
    expect(diagnosticsOfScope(view.diagnostics, 'dcgan_generator').all).toEqual([]);
    expect(view.scopes.get('dcgan_generator')?.get('up2')?.outputs.y?.shape).toEqual(['B', 28, 28, 1]);
  });
});

describe('connection checks onto an Apply node whose network has an error inside', () => {
  const registry = localRegistry();
  const D = 'dcgan_discriminator';
  /** DCGAN with `edit` applied to D's definition; `broken` also gives D's score layer a bad param. */
  const dcgan = (broken: boolean, edit?: (def: GraphDocument['networks'][string]) => void) => {
    const doc = structuredClone(template('dcgan-mnist.json'));
    if (broken) doc.networks[D]!.nodes.find((n) => n.id === 'score')!.params.units = 0;
    edit?.(doc.networks[D]!);
    return doc;
  };
  const without = (doc: GraphDocument, target: string, port: string) => ({ ...doc, edges: doc.edges.filter((e) => !(e.target === target && e.targetPort === port)) });
  const edge = (source: string, sourcePort: string, target: string, targetPort: string): EdgeDoc => ({ source, sourcePort, target, targetPort });
  /** The verdicts with D healthy and with D broken. */
  const both = (e: EdgeDoc, prepare: (doc: GraphDocument) => GraphDocument = (d) => d, edit?: (def: GraphDocument['networks'][string]) => void) =>
    [false, true].map((broken) => checkConnection(prepare(dcgan(broken, edit)), undefined, e, registry));

  it('breaks D as the problem needs: analysis fails inside it; core checks the edges into d_real, not those out of it', () => {
    const doc = without(dcgan(true), 'd_real', 'x');
    // d_real.x unconnected is named, as when D is healthy.
    expect(validateDocument(doc, registry).diagnostics.map((d) => d.code).sort()).toEqual(['E002', 'E006', 'E019']);
    const withLabel = validateDocument({ ...doc, edges: [...doc.edges, edge('data', 'label', 'd_real', 'x')] }, registry);
    expect(withLabel.diagnostics.map((d) => `${d.code} ${d.message}`).sort()).toEqual([
      'E003 edge data.label → d_real.x: d_real expects image, data gives onehot',
      expect.stringMatching(/^E006 /),
      expect.stringMatching(/^E019 /),
    ]);
    // D's outputs stay unknown: a wrong edge out of d_real is for the editor's own check.
    const noZ = without(dcgan(true), 'fake', 'z');
    const wrongOut = validateDocument({ ...noZ, edges: [...noZ.edges, edge('d_real', 'logits', 'fake', 'z')] }, registry);
    expect(wrongOut.diagnostics.map((d) => d.code).sort()).toEqual(['E006', 'E019']);
  });

  it('refuses a label onto d_real.x with the reason it gives when D is healthy', () => {
    const [healthy, broken] = both(edge('data', 'label', 'd_real', 'x'), (d) => without(d, 'd_real', 'x'));
    expect(healthy).toEqual({ ok: false, reason: 'E003 edge data.label → d_real.x: d_real expects image, data gives onehot' });
    expect(broken).toEqual(healthy);
    // With data.image still on x: one edge only, and the wrong role, in core's order.
    const [healthy2, broken2] = both(edge('data', 'label', 'd_real', 'x'));
    expect(healthy2).toMatchObject({ ok: false, reason: expect.stringMatching(/^E011 input d_real\.x takes one edge but has 2 \(from data, data\); E003 /) });
    expect(broken2).toEqual(healthy2);
  });

  it('refuses a port D does not have, naming the ports it has', () => {
    const [healthy, broken] = both(edge('data', 'image', 'd_real', 'img'));
    expect(healthy).toEqual({ ok: false, reason: 'E007 edge data.image → d_real.img: "d_real" (core.apply) has no input "img"; its inputs are network, x' });
    expect(broken).toEqual(healthy);
  });

  it("allows the image onto d_real.x, and checks it against the shape D's input declares", () => {
    expect(both(edge('data', 'image', 'd_real', 'x'), (d) => without(d, 'd_real', 'x'))).toEqual([{ ok: true }, { ok: true }]);
    const wide = (def: GraphDocument['networks'][string]) => {
      def.nodes.find((n) => n.id === 'x')!.params.shape = ['B', 32, 32, 1];
    };
    const [healthy, broken] = both(edge('data', 'image', 'd_real', 'x'), (d) => without(d, 'd_real', 'x'), wide);
    expect(healthy).toMatchObject({ ok: false, reason: expect.stringMatching(/^E004 edge data\.image → d_real\.x: d_real expects \[B, 32, 32, 1\], data makes \[B, 28, 28, 1\]/) });
    expect(broken).toEqual(healthy);
  });

  it("checks edges from d_real's outputs against what their target takes", () => {
    const [healthy, broken] = both(edge('d_real', 'logits', 'schedule', 'phases'));
    expect(healthy).toEqual({ ok: false, reason: 'E003 edge d_real.logits → schedule.phases: schedule expects phase, d_real gives tensor' });
    expect(broken).toEqual(healthy);
    expect(both(edge('d_real', 'logits', 'loss_d', 'real'), (d) => without(d, 'loss_d', 'real'))).toEqual([{ ok: true }, { ok: true }]);
    expect(both(edge('d_real', 'score', 'loss_d', 'real'), (d) => without(d, 'loss_d', 'real'))[1]).toEqual({
      ok: false,
      reason: 'E007 edge d_real.score → loss_d.real: "d_real" has no output "score"; its outputs are logits',
    });
  });

  it('leaves Apply nodes of healthy networks to core alone', () => {
    const doc = dcgan(false);
    const candidate = { ...doc, edges: [...doc.edges, edge('data', 'label', 'd_real', 'x')] };
    const analysis = validateDocument(candidate, registry).analysis!;
    expect(boundaryEdgeProblems(analysis, undefined, doc.edges.length, mergeCatalogue(bundledCatalogue(), undefined))).toEqual([]);
  });
});
