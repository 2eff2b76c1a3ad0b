import { readFileSync } from 'node:fs';
import { parseDocument, type GraphDocument } from '@ganvas/core';
import { describe, expect, it } from 'vitest';
import { mergeCatalogue } from '../model/catalogue.js';
import { diagnosticsOfScope, validateLocally } from '../model/validation.js';
import { bundledCatalogue, localRegistry } from '../training/local-registry.js';
import { buildNodes } from './build-flow.js';

const template = (f: string) => parseDocument(JSON.parse(readFileSync(new URL(`../../../../templates/${f}`, import.meta.url), 'utf8'))).document as GraphDocument;

/** The top-level canvas nodes of `doc` with the marker each shows for problems inside. */
function insideMarkers(doc: GraphDocument) {
  const view = validateLocally(doc, localRegistry());
  const nodes = buildNodes(doc, undefined, mergeCatalogue(bundledCatalogue(), undefined), view, diagnosticsOfScope(view.diagnostics, undefined), () => undefined);
  return Object.fromEntries(nodes.filter((n) => n.data.inside).map((n) => [n.id, n.data.inside]));
}

describe('canvas nodes of networks with problems inside', () => {
  it('marks D and both Apply nodes that call it with the W001 inside D, and nothing else', () => {
    const d = template('dcgan-mnist.json');
    expect(insideMarkers(d)).toEqual({});
    d.networks.dcgan_discriminator!.nodes.find((n) => n.id === 'conv2')!.params.useBias = true;
    const marks = insideMarkers(d);
    expect(Object.keys(marks).sort()).toEqual(['D', 'd_fake', 'd_real']);
    expect(marks.D).toEqual({
      definition: 'dcgan_discriminator',
      errors: 0,
      warnings: 1,
      firstCode: 'W001',
      lines: [expect.stringMatching(/^W001 \[dcgan_discriminator\] the bias of "conv2" feeds only "bn2"/)],
    });
    expect(marks.d_real).toEqual(marks.D);
  });

  it('counts an error inside as an error (core also reports E019 on D itself, not on the Apply nodes)', () => {
    const d = template('dcgan-mnist.json');
    d.networks.dcgan_discriminator!.nodes.find((n) => n.id === 'score')!.params.units = -1;
    const marks = insideMarkers(d);
    expect(Object.keys(marks).sort()).toEqual(['D', 'd_fake', 'd_real']);
    expect(marks.d_fake).toMatchObject({ errors: 1, warnings: 0, firstCode: 'E006' });
  });

  it('draws the Apply nodes of a network with an error inside with the ports of its boundary nodes, as when it is valid', () => {
    const portNames = (doc: GraphDocument) => {
      const view = validateLocally(doc, localRegistry());
      const nodes = buildNodes(doc, undefined, mergeCatalogue(bundledCatalogue(), undefined), view, diagnosticsOfScope(view.diagnostics, undefined), () => undefined);
      return Object.fromEntries(
        nodes.filter((n) => n.data.doc.type === 'core.apply').map((n) => [n.id, { in: n.data.inputs.map((p) => p.name), out: n.data.outputs.map((p) => p.name) }]),
      );
    };
    const valid = portNames(template('dcgan-mnist.json'));
    expect(valid).toEqual({
      fake: { in: ['network', 'z'], out: ['image'] },
      d_real: { in: ['network', 'x'], out: ['logits'] },
      d_fake: { in: ['network', 'x'], out: ['logits'] },
    });
    const d = template('dcgan-mnist.json');
    d.networks.dcgan_discriminator!.nodes.find((n) => n.id === 'score')!.params.units = 0;
    expect(portNames(d)).toEqual(valid);
  });
});
