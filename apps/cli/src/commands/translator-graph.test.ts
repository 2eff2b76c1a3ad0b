import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { GraphDocument, Registry } from '@ganvas/core';
import { createNodeRegistry } from '@ganvas/host-node';
import { LABEL_SETS } from '@ganvas/nodes-images';
import { labelNames } from '@ganvas/tools';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliRoot } from '../context.js';
import { classifierSourceFor, shapesSchema } from './translator-data.js';
import { detectTranslator } from './translator-graph.js';

const templatesDir = path.resolve(cliRoot, '../../templates');
const template = (file: string) => JSON.parse(readFileSync(path.join(templatesDir, file), 'utf8')) as GraphDocument;
let registry: Registry;

beforeAll(async () => {
  ({ registry } = await createNodeRegistry({ searchDirs: [cliRoot] }));
});

describe('detectTranslator', () => {
  it('reads each translator template’s kind, networks and data ports from its structure', () => {
    expect(detectTranslator(template('stargan-shapes.json'), registry)).toEqual({ kind: 'stargan', network: 'G', apply: 'fake', datasets: [{ node: 'data' }], discriminator: { network: 'D', output: 'cls' } });
    expect(detectTranslator(template('stargan-faces.json'), registry)).toEqual({ kind: 'stargan', network: 'G', apply: 'fake', datasets: [{ node: 'data' }], discriminator: { network: 'D', output: 'cls' } });
    expect(detectTranslator(template('stargan-two-datasets.json'), registry)).toEqual({
      kind: 'stargan',
      network: 'G',
      apply: 'fake',
      datasets: [
        { node: 'data_a', mask: { dataset: 0, sizes: [8, 4] } },
        { node: 'data_b', mask: { dataset: 1, sizes: [8, 4] } },
      ],
      discriminator: { network: 'D', output: 'cls' },
    });
    expect(detectTranslator(template('cyclegan-shapes.json'), registry)).toEqual({
      kind: 'cyclegan',
      G: 'G',
      F: 'F',
      a: { node: 'data', port: 'a' },
      b: { node: 'data', port: 'b' },
    });
    for (const file of ['pix2pix-shapes.json', 'pix2pix-shapes-l1only.json']) {
      expect(detectTranslator(template(file), registry)).toEqual({ kind: 'pix2pix', network: 'G', input: { node: 'data', port: 'input' }, target: { node: 'data', port: 'target' } });
    }
  });

  it('finds no translator in the other templates', () => {
    const others = readdirSync(templatesDir).filter((f) => f.endsWith('.json') && !/pix2pix|cyclegan|stargan/.test(f));
    expect(others.length).toBeGreaterThanOrEqual(6);
    for (const file of others) expect(detectTranslator(template(file), registry), file).toBeUndefined();
  });

  it('a CycleGAN whose cycle has no L1 back to the input is not one', () => {
    const doc = template('cyclegan-shapes.json');
    doc.nodes = doc.nodes.filter((n) => n.id !== 'cyc_a' && n.id !== 'cyc_b');
    doc.edges = doc.edges.filter((e) => !['cyc_a', 'cyc_b'].includes(e.target) && !['cyc_a', 'cyc_b'].includes(e.source));
    // What is left: identity terms L1(G(b), b), which Pix2Pix's rule (target ≠ input port) rejects too.
    expect(detectTranslator(doc, registry)).toBeUndefined();
  });
});

describe('attribute classifier sources', () => {
  it('images.shapes label sets are grouped in vector order', () => {
    expect(labelNames(shapesSchema('object'))).toEqual([...LABEL_SETS.object]);
    expect(labelNames(shapesSchema('background'))).toEqual([...LABEL_SETS.background]);
  });

  it('maps every CycleGAN domain pair to a classifier attribute', () => {
    const outputs = new Set(['a', 'b']);
    const of = (domains: string) => classifierSourceFor({ id: 'data', type: 'images.shapesUnpaired', params: { size: 32, domains } }, outputs);
    expect(of('circle-square')).toMatchObject({ domain: { attribute: 'shape', a: 'circle', b: 'square' }, node: { type: 'images.shapes', params: { labels: 'object', size: 32 } } });
    expect(of('red-blue')?.domain).toEqual({ attribute: 'colour', a: 'red', b: 'blue' });
    expect(of('white-black')).toMatchObject({ domain: { attribute: 'background', a: 'white', b: 'black' }, node: { params: { labels: 'background' } } });
    for (const pair of ['circle-square', 'square-triangle', 'red-blue', 'white-black']) {
      const cs = of(pair)!;
      const group = cs.schema!.groups.find((g) => g.name === cs.domain!.attribute)!;
      expect(group.labels).toEqual(expect.arrayContaining([cs.domain!.a, cs.domain!.b]));
    }
  });

  it('faces follow the source’s hair colours and attributes; unknown labelled sources get one binary attribute per label', () => {
    const faces = classifierSourceFor({ id: 'f', type: 'images.faces', params: { hairColours: ['blond', 'red'], attributes: ['male', 'young'] } }, new Set(['image', 'label']));
    expect(faces!.schema!.groups).toEqual([
      { name: 'hair', kind: 'onehot', labels: ['blond_hair', 'red_hair'] },
      { name: 'male', kind: 'binary', labels: ['male'] },
      { name: 'young', kind: 'binary', labels: ['young'] },
    ]);
    expect(classifierSourceFor({ id: 'x', type: 'images.attributeFolder', params: {} }, new Set(['image', 'label']))!.schema).toBeUndefined();
    expect(classifierSourceFor({ id: 'x', type: 'images.pairedFolder', params: {} }, new Set(['input', 'target']))).toBeUndefined();
  });
});
