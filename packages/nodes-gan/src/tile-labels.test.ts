import * as tf from '@tensorflow/tfjs-core';
import { buildTestNode, checkGradients } from '@ganvas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tileLabels } from './tile-labels.js';
import { normals, useCpu } from './test-util.js';

beforeAll(useCpu);

const infer = (params: Record<string, unknown>, inputs: Record<string, unknown>) =>
  tileLabels.infer!({
    nodeId: 't',
    params: tileLabels.params.parse(params),
    inputs: inputs as never,
    bindings: new Map(),
    declaredOutputs: {},
  });

describe('gan.tileLabels', () => {
  it('y[b, i, j, k] = label[b, k] at every position, sized by "like" or by params', async () => {
    const label = tf.cast(tf.oneHot(tf.tensor1d([3, 0, 7], 'int32'), 10), 'float32');
    const node = await buildTestNode(tileLabels, { params: {} });
    const y = node.forward({ label, like: tf.zeros([3, 5, 4, 1]) }).y as tf.Tensor;
    expect(y.shape).toEqual([3, 5, 4, 10]);
    const v = y.arraySync() as number[][][][];
    const l = label.arraySync() as number[][];
    for (let b = 0; b < 3; b++) for (let i = 0; i < 5; i++) for (let j = 0; j < 4; j++) expect(v[b]![i]![j]).toEqual(l[b]);
    const sized = await buildTestNode(tileLabels, { params: { height: 2, width: 6 } });
    expect((sized.forward({ label }).y as tf.Tensor).shape).toEqual([3, 2, 6, 10]);
  });

  it('gradient check: the label gradient sums over the grid', async () => {
    const node = await buildTestNode(tileLabels, { params: { height: 3, width: 2 } });
    const probe = normals([2, 3, 2, 4], 9);
    const f = ([l]: tf.Tensor[]) => tf.sum(tf.mul(node.forward({ label: l }).y as tf.Tensor, probe)) as tf.Scalar;
    const r = checkGradients(f, [normals([2, 4], 8)]);
    expect(r.maxRelError).toBeLessThan(1e-2);
    const g = tf.grad((l: tf.Tensor) => f([l]))(normals([2, 4], 8));
    const expected = tf.sum(probe, [1, 2]);
    expect(Array.from(g.dataSync()).map((x, i) => x - expected.dataSync()[i]!).every((d) => Math.abs(d) < 1e-5)).toBe(true);
  });

  it('infer: [B, K] labels and like [B, 28, 28, 1] give [B, 28, 28, K]', () => {
    expect(infer({}, { label: { role: 'onehot', shape: ['B', 10] }, like: { role: 'image', shape: ['B', 28, 28, 1] } })).toEqual({
      outputs: { y: { role: 'features', dtype: 'float32', shape: ['B', 28, 28, 10] } },
    });
    expect(infer({ height: 7, width: 7 }, { label: { role: 'onehot', shape: ['B', 10] } })).toEqual({
      outputs: { y: { role: 'features', dtype: 'float32', shape: ['B', 7, 7, 10] } },
    });
  });

  it('infer: no size, or a "like" that is not NHWC, is an error that says what to do', () => {
    const none = JSON.stringify(infer({}, { label: { role: 'onehot', shape: ['B', 10] } }));
    expect(none).toContain('set params \\"height\\" and \\"width\\", or connect the image to \\"like\\"');
    const flat = JSON.stringify(infer({}, { label: { role: 'onehot', shape: ['B', 10] }, like: { role: 'tensor', shape: ['B', 784] } }));
    expect(flat).toContain('[B, 784]');
  });
});
