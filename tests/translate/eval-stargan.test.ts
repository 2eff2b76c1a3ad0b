import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@ganvas/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { evalRun, expectShares, tinyGraph, trainTiny, workspace } from './eval-helpers.js';

/** `ganvas eval` on StarGAN runs: shapes, faces, two datasets with the mask vector, and an identity G. */

const ws = workspace('eval-stargan');

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('ganvas eval on StarGAN runs', () => {
  it('shapes: per-attribute target accuracy, single-attribute rows, reconstruction L1 and the classifier ceiling; the classifier is cached', async () => {
    await trainTiny(ws, tinyGraph(ws, 'stargan-shapes.json', 'stargan', { data: { heldoutCount: 16 } }), 'stargan');
    const { result, stdout } = await evalRun(ws, 'stargan', ['--flip-samples', '8', '--batch', '16']);
    expect(result).toMatchObject({ step: 1, examples: 16, batch: 16 });
    expect(Object.keys(result.losses)).toEqual(['D', 'G']);
    const t = result.translation;
    expect(t).toMatchObject({ kind: 'stargan', network: 'G', apply: 'fake', step: 1, split: 'heldout' });
    expect(t.datasets).toHaveLength(1);
    const d = t.datasets[0];
    expect(d).toMatchObject({ source: 'data', type: 'images.shapes', count: 16 });
    const attributes = ['colour', 'shape', 'size'];
    expectShares(d.real.perAttribute, attributes);
    expectShares(d.random.perAttribute, attributes);
    expectShares(d.random.unchanged, attributes);
    expect(d.reconstructionL1).toBeGreaterThan(0);
    expect(d.reconstructionL1).toBeLessThan(2);
    // The shapes are labelled by object only: a background classifier reads what G did to the background.
    expectShares(d.othersKept.background, ['background']);
    expect(stdout).toMatch(/kept under random targets, as read by a background classifier \(attributes these images are not labelled with\): background \d+\.\d%/);
    // 4 colours + 3 shapes + 2 sizes, over the first 8 images: each row holds those without the value.
    expect(d.flips.map((f: any) => f.to)).toEqual(['red', 'green', 'blue', 'yellow', 'circle', 'square', 'triangle', 'not large', 'large']);
    expect(d.flips.filter((f: any) => f.attribute === 'colour').reduce((s: number, f: any) => s + f.count, 0)).toBe(3 * 8);
    expect(d.flips.filter((f: any) => f.attribute === 'size').reduce((s: number, f: any) => s + f.count, 0)).toBe(8);
    expectShares(d.flips[0].preserved, ['shape', 'size']);
    expect(d.classifier).toMatchObject({ source: 'images.shapes', cached: false, trainCount: 200, heldoutCount: 16 });
    expectShares(d.classifier.heldoutPerAttribute, attributes);
    expect(Object.keys(d.classifier.heldoutPerLabel)).toEqual(['red', 'green', 'blue', 'yellow', 'circle', 'square', 'triangle', 'large']);
    expect(stdout).toMatch(/attribute classifier: trained in [\d.]+ s on 200 images; colour \d+\.\d%/);
    expect(stdout).toMatch(/reconstruction L1 ‖x − G\(G\(x, c\), c′\)‖₁: \d\.\d{4}/);
    // D's own classification head, scored like the classifier, on the real images and on the translations.
    expectShares(d.discriminator.real.perAttribute, attributes);
    expectShares(d.discriminator.random.perAttribute, attributes);
    expect(d.discriminator.random.count).toBe(16);
    expect(stdout).toMatch(/D's own "cls" head on the random-target translations: colour \d+\.\d%/);
    // Same data and options: the second evaluation loads the classifier and scores the same,
    // and leaves no tensor behind (network runs, data reads and the classifier are all freed).
    const tensors = tf.memory().numTensors;
    const again = await evalRun(ws, 'stargan', ['--flip-samples', '8', '--batch', '16']);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(again.result.translation.datasets[0].classifier.cached).toBe(true);
    expect(again.result.translation.datasets[0].random).toEqual(d.random);
    expect(again.stdout).toMatch(/attribute classifier: .* \(cached: /);
  });

  it('an identity G: reconstruction L1 is 0 and target accuracy is the share of targets equal to the source (up to classifier error)', async () => {
    const graph = tinyGraph(ws, 'stargan-shapes.json', 'identity', { data: { heldoutCount: 24 } }, (doc) => {
      // G(x, c) = x; only D trains.
      doc.networks.stargan_generator = {
        title: 'identity',
        nodes: [
          { id: 'x', type: 'core.input', version: 1, params: { name: 'x', role: 'image', shape: ['B', 32, 32, 3], range: [-1, 1] } },
          { id: 'c', type: 'core.input', version: 1, params: { name: 'c', role: 'label', shape: ['B', 8] } },
          { id: 'image', type: 'core.output', version: 1, params: { name: 'image' } },
        ],
        edges: [{ source: 'x', sourcePort: 'y', target: 'image', targetPort: 'x' }],
      };
      const gone = new Set(['opt_g', 'schedule']);
      doc.nodes = doc.nodes.filter((n) => !gone.has(n.id));
      doc.edges = (doc.edges as { source: string; target: string }[]).filter((e) => !gone.has(e.source) && !gone.has(e.target));
    });
    await trainTiny(ws, graph, 'identity');
    // A classifier that knows colour (1,000 images, 3 epochs: 100% on these 24), so the colour rows are exact.
    const { result, stdout } = await evalRun(ws, 'identity', ['--classifier-images', '1000', '--classifier-epochs', '3', '--batch', '24']);
    const d = result.translation.datasets[0];
    expect(d.reconstructionL1).toBe(0);
    for (const a of ['colour', 'shape', 'size']) {
      expect(Math.abs(d.random.perAttribute[a] - d.random.unchanged[a])).toBeLessThanOrEqual(1 - d.real.perAttribute[a] + 1e-9);
    }
    expect(d.real.perAttribute.colour).toBe(1);
    expect(d.random.perAttribute.colour).toBe(d.random.unchanged.colour);
    for (const f of d.flips.filter((x: any) => x.attribute === 'colour')) expect(f.targetAccuracy).toBe(0);
    // Every colour is read as the source's: the table's diagonal holds the targets that equal it.
    const colour = d.random.confusion.colour as { values: string[]; counts: number[][] };
    expect(colour.counts.reduce((sum, row, i) => sum + row[i]!, 0)).toBe(Math.round(d.random.unchanged.colour * 24));
    expect(colour.counts.flat().reduce((a, b) => a + b, 0)).toBe(24);
    expect(stdout).toMatch(/colour misses \(asked → read\): (red|green|blue|yellow) → (red|green|blue|yellow) \d+.*; colour right by the target's shape: circle \d+\.\d%, square \d+\.\d%, triangle \d+\.\d%; size: not large \d+\.\d%, large \d+\.\d%/);
    // The identity keeps the background whatever the background classifier reads.
    expect(d.othersKept).toEqual({ background: { background: 1 } });
  });

  it('a conditional D (image and labels in): its head is scored with the labels training gives it', async () => {
    const graph = tinyGraph(ws, 'stargan-shapes.json', 'cond-d', { data: { heldoutCount: 8 } }, (doc) => {
      // D(x, c): the labels tiled onto D's last map, feeding both the score conv and the cls conv; the labels of each batch go in.
      const d = doc.networks.stargan_discriminator as { nodes: unknown[]; edges: { source: string; target: string; sourcePort: string; targetPort: string }[] };
      d.nodes.push(
        { id: 'c', type: 'core.input', version: 1, params: { name: 'c', role: 'label', shape: ['B', 8] } },
        { id: 'c_maps', type: 'gan.tileLabels', version: 1, params: {} },
        { id: 'src_in', type: 'layers.concat', version: 1, params: { axis: -1 } },
      );
      d.edges = d.edges.filter((e) => e.target !== 'src_conv' && e.target !== 'cls_conv');
      const edge = (source: string, target: string, targetPort = 'x') => ({ source, sourcePort: 'y', target, targetPort });
      d.edges.push(edge('c', 'c_maps', 'label'), edge('lrelu4', 'c_maps', 'like'), edge('lrelu4', 'src_in'), edge('c_maps', 'src_in'), edge('src_in', 'src_conv'), edge('src_in', 'cls_conv'));
      doc.edges.push(
        { source: 'data', sourcePort: 'label', target: 'd_real', targetPort: 'c' },
        { source: 'target', sourcePort: 'label', target: 'd_fake', targetPort: 'c' },
        { source: 'data', sourcePort: 'label', target: 'gp', targetPort: 'condition' },
      );
    });
    await trainTiny(ws, graph, 'cond-d');
    const { result, stdout } = await evalRun(ws, 'cond-d', ['--flip-samples', '0', '--batch', '8']);
    const d = result.translation.datasets[0];
    expectShares(d.random.perAttribute, ['colour', 'shape', 'size']);
    expectShares(d.discriminator.real.perAttribute, ['colour', 'shape', 'size']);
    expect(d.discriminator.random.count).toBe(8);
    expect(stdout).toMatch(/D's own "cls" head on the real images: colour \d+\.\d%/);
    expect(stdout).not.toContain('not scored');
  });

  it('two datasets with the mask vector: each dataset translated through c̃ and scored on its own labels only', async () => {
    const graph = tinyGraph(ws, 'stargan-two-datasets.json', 'two', { data_a: { heldoutCount: 12 }, data_b: { heldoutCount: 12 } });
    await trainTiny(ws, graph, 'two');
    const { result, stdout } = await evalRun(ws, 'two', ['--flip-samples', '6', '--batch', '12']);
    const [a, b] = result.translation.datasets;
    expect(a).toMatchObject({ source: 'data_a', mask: { dataset: 0, sizes: [8, 4] }, count: 12 });
    expect(b).toMatchObject({ source: 'data_b', mask: { dataset: 1, sizes: [8, 4] }, count: 12 });
    expectShares(a.random.perAttribute, ['colour', 'shape', 'size']);
    expectShares(b.random.perAttribute, ['background']);
    // D's head gives all 12 labels; each dataset is scored on its own slot of them.
    expectShares(a.discriminator.real.perAttribute, ['colour', 'shape', 'size']);
    expectShares(b.discriminator.real.perAttribute, ['background']);
    expect(b.flips.map((f: any) => f.to)).toEqual(['white', 'black', 'gray', 'beige'].filter((v) => b.flips.some((f: any) => f.to === v)));
    expect(a.classifier.key).not.toBe(b.classifier.key);
    expect(stdout).toContain('mask vector slot 1');
    // What each dataset's translations keep of the attributes only the other dataset is labelled with.
    // The background classifier of dataset A's unlabelled attributes is dataset B's own (one cache key), so it reads A once.
    expect(Object.keys(a.othersKept)).toEqual(['background']);
    expectShares(a.othersKept.background, ['background']);
    expect(Object.keys(b.othersKept)).toEqual(['colour, shape, size']);
    expectShares(b.othersKept['colour, shape, size'], ['colour', 'shape', 'size']);
    expect(stdout).toMatch(/kept under random targets, as read by a background classifier \(attributes these images are not labelled with\): background \d+\.\d%/);
  });

  it('faces: hair colour and gender rows', async () => {
    const graph = tinyGraph(ws, 'stargan-faces.json', 'faces', { data: { trainCount: 40, heldoutCount: 6 } });
    await trainTiny(ws, graph, 'faces');
    const { result } = await evalRun(ws, 'faces', ['--classifier-images', '24', '--flip-samples', '3', '--batch', '6']);
    const d = result.translation.datasets[0];
    expect(d).toMatchObject({ type: 'images.faces', count: 6, classifier: { trainCount: 24, heldoutCount: 6 } });
    expectShares(d.random.perAttribute, ['hair', 'male']);
    expect(d.classifier.attributes).toEqual([
      { name: 'hair', kind: 'onehot', labels: ['black_hair', 'blond_hair', 'brown_hair'] },
      { name: 'male', kind: 'binary', labels: ['male'] },
    ]);
    expect(new Set(d.flips.map((f: any) => f.attribute))).toEqual(new Set(['hair', 'male']));
  });
});
