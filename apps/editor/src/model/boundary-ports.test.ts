import { readFileSync } from 'node:fs';
import { parseDocument, validateDocument, type GraphDocument } from '@ganvas/core';
import { describe, expect, it } from 'vitest';
import { bundledCatalogue, localRegistry } from '../training/local-registry.js';
import { boundaryPorts } from './boundary-ports.js';
import { mergeCatalogue } from './catalogue.js';
import { validateLocally } from './validation.js';

const catalogue = mergeCatalogue(bundledCatalogue(), undefined);
const dcgan = () =>
  parseDocument(JSON.parse(readFileSync(new URL('../../../../templates/dcgan-mnist.json', import.meta.url), 'utf8'))).document as GraphDocument;
const D = 'dcgan_discriminator';

describe('boundary ports of a network definition', () => {
  it('are the signature analysis gives callers when the definition is valid', () => {
    const doc = dcgan();
    const analysis = validateDocument(doc, localRegistry()).analysis!;
    const sig = analysis.networks.get(D)!.signature!;
    expect(sig.inputs.map((p) => p.name)).toEqual(['x']);
    const ports = boundaryPorts(doc.networks[D]!, catalogue, validateLocally(doc, localRegistry()).scopes.get(D));
    expect(ports).toEqual({ inputs: sig.inputs, outputs: sig.outputs });
  });

  it('keep the names, and the contracts analysis could infer, when a layer between them has a bad param', () => {
    const doc = dcgan();
    doc.networks[D]!.nodes.find((n) => n.id === 'score')!.params.units = 0;
    const view = validateLocally(doc, localRegistry());
    expect(view.diagnostics.map((d) => d.code).sort()).toEqual(['E006', 'E019']);
    const ports = boundaryPorts(doc.networks[D]!, catalogue, view.scopes.get(D));
    // x's contract comes from its Input node (still analysed); nothing reaches logits, so it is
    // what core.output declares: any tensor.
    expect(ports).toEqual({
      inputs: [{ name: 'x', contract: { role: 'image', dtype: 'float32', shape: ['B', 28, 28, 1], range: [-1, 1] } }],
      outputs: [{ name: 'logits', contract: { role: 'tensor' } }],
    });
  });

  it('name a boundary node without a name by its schema default, and list a repeated name once', () => {
    const doc = dcgan();
    const def = doc.networks[D]!;
    def.nodes.find((n) => n.id === 'x')!.params = { role: 'image', shape: ['B', 28, 28, 1] };
    def.nodes.push({ id: 'logits2', type: 'core.output', version: 1, params: { name: 'logits' }, position: { x: 0, y: 0 } });
    const ports = boundaryPorts(def, catalogue, undefined);
    expect(ports.inputs.map((p) => p.name)).toEqual(['x']);
    expect(ports.outputs.map((p) => p.name)).toEqual(['logits']);
    // Without analysis, the contracts are the boundary types' declared ones.
    expect(ports.inputs[0]!.contract).toEqual({ role: 'tensor' });
  });
});
