import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, buildTestNode } from '@ganvas/core';
import { targetLabels } from './target-labels.js';
import { maskedLabels } from './masked-labels.js';
import { useCpu } from './test-helpers.js';

beforeAll(useCpu);

const rows = (t: tf.Tensor) => (t.arraySync() as number[][]).map((r) => r.join(','));

describe('i2i.targetLabels', () => {
  it('permutes the batch’s rows, reproducibly from the random stream, differently on the next draw', async () => {
    const node = await buildTestNode(targetLabels, { inputs: { label: { role: 'label', shape: [8, 3] } } });
    const label = tf.tensor2d(Array.from({ length: 8 }, (_, i) => [i, i % 2, 1]));
    const a = rows(node.forward({ label }, { rng: new Rng(4) }).label as tf.Tensor);
    const b = rows(node.forward({ label }, { rng: new Rng(4) }).label as tf.Tensor);
    expect(a).toEqual(b);
    expect([...a].sort()).toEqual([...rows(label)].sort());
    expect(a).not.toEqual(rows(label));
    const rng = new Rng(4);
    node.forward({ label }, { rng });
    expect(rows(node.forward({ label }, { rng }).label as tf.Tensor)).not.toEqual(a);
    node.dispose();
  });

  it('with a mask vector, permutes only among rows of the same dataset', async () => {
    const node = await buildTestNode(targetLabels, { params: { datasets: 2 }, inputs: { label: { role: 'label', shape: [10, 5] } } });
    // c̃ = [c1 (2), c2 (1), m (2)]; rows alternate datasets.
    const data = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? [i, 1, 0, 1, 0] : [0, 0, i, 0, 1]));
    const out = node.forward({ label: tf.tensor2d(data) }, { rng: new Rng(11) }).label as tf.Tensor;
    const got = out.arraySync() as number[][];
    got.forEach((r, i) => expect(r.slice(3)).toEqual(data[i]!.slice(3)));
    expect(got.map((r) => r.join()).sort()).toEqual(data.map((r) => r.join()).sort());
    node.dispose();
  });
});

describe('i2i.maskedLabels', () => {
  it('splits c̃ into labels and the per-label mask of each row’s dataset', async () => {
    const node = await buildTestNode(maskedLabels, { params: { sizes: [2, 3] }, inputs: { condition: { role: 'label', shape: [2, 7] } } });
    const c = tf.tensor2d([[1, 0, 0, 0, 0, 1, 0], [0, 0, 0, 1, 0, 0, 1]]);
    const out = node.forward({ condition: c });
    expect((out.labels as tf.Tensor).arraySync()).toEqual([[1, 0, 0, 0, 0], [0, 0, 0, 1, 0]]);
    expect((out.mask as tf.Tensor).arraySync()).toEqual([[1, 1, 0, 0, 0], [0, 0, 1, 1, 1]]);
    const bad = maskedLabels.infer!({ nodeId: 'm', params: { sizes: [2, 3] }, inputs: { condition: { role: 'label', shape: ['B', 6] } }, bindings: new Map(), declaredOutputs: {} });
    expect(JSON.stringify(bad)).toMatch(/5 labels \+ 2 mask entries = 7, got 6/);
    node.dispose();
  });
});
