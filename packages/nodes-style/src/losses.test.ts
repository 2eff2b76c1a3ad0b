import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestNode, checkGradients } from '@ganvas/core';
import { contentLoss, contentLossNode } from './content-loss.js';
import { gram, gramMatrix } from './gram.js';
import { styleLayerLoss, styleLoss } from './style-loss.js';
import { totalVariation, tvLoss } from './tv-loss.js';
import { randn, useCpu } from './test-backend.js';

// Values by hand on tiny inputs and numeric-vs-analytic gradients; the PyTorch comparison
// through real VGG features is tests/style/reference.test.ts.
beforeAll(useCpu);

describe('style losses', () => {
  it('Gram matrix: G = X·Xᵀ per image', () => {
    // One image, 2 positions, 2 channels: X = [[1, 3], [2, 4]] (channels × positions).
    const f = tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]);
    expect(Array.from(gramMatrix(f).dataSync())).toEqual([1 + 9, 2 + 12, 2 + 12, 4 + 16]);
  });

  it('style layer loss uses 1/(4 N² M²) and accepts target features or Grams', () => {
    const f = tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]);
    const t = tf.tensor4d([0, 2, 3, 1], [1, 1, 2, 2]);
    const g = [10, 14, 14, 20];
    const a = [9, 3, 3, 5];
    const expected = g.reduce((s, v, i) => s + (v - a[i]!) ** 2, 0) / (4 * 2 * 2 * 2 * 2);
    expect(styleLayerLoss(f, t).dataSync()[0]).toBeCloseTo(expected, 5);
    expect(styleLayerLoss(f, gramMatrix(t)).dataSync()[0]).toBeCloseTo(expected, 5);
    expect(() => styleLayerLoss(f, tf.zeros([1, 3, 3]))).toThrow(/2 channels but the target is \[1, 3, 3\]/);
  });

  it('content loss is ½Σ(F−P)²; TV sums squared neighbour differences', () => {
    expect(contentLoss(tf.tensor([1, 2, 3]), tf.tensor([0, 2, 5])).dataSync()[0]).toBeCloseTo(2.5, 6);
    expect(() => contentLoss(tf.zeros([1, 2]), tf.zeros([2, 1]))).toThrow(/\[1, 2\] but the target is \[2, 1\]/);
    // 2×2 single-channel image [[0, 1], [3, 5]]: vertical (3, 4), horizontal (1, 2).
    expect(totalVariation(tf.tensor4d([0, 1, 3, 5], [1, 2, 2, 1])).dataSync()[0]).toBeCloseTo(9 + 16 + 1 + 4, 6);
  });

  it('gradients match finite differences', () => {
    const f = randn([1, 3, 4, 5], 1);
    const t = randn([1, 3, 4, 5], 2);
    const check = (fn: (xs: tf.Tensor[]) => tf.Scalar, xs: tf.Tensor[]) => checkGradients(fn, xs, { eps: 1e-2, samplesPerInput: 12 }).maxRelError;
    expect(check(([x]) => styleLayerLoss(x!, t), [f])).toBeLessThan(1e-2);
    expect(check(([x]) => contentLoss(x!, t), [f])).toBeLessThan(1e-2);
    expect(check(([x]) => totalVariation(x!), [f])).toBeLessThan(1e-2);
    expect(check(([x]) => tf.sum(tf.mul(gramMatrix(x!), randn([1, 5, 5], 3))) as tf.Scalar, [f])).toBeLessThan(1e-2);
  });

  it('style loss node weights layers (1/L by default) and checks edge counts', async () => {
    const f1 = randn([1, 2, 2, 3], 4);
    const f2 = randn([1, 2, 2, 4], 5);
    const t1 = randn([1, 2, 2, 3], 6);
    const t2 = randn([1, 2, 2, 4], 7);
    const e1 = styleLayerLoss(f1, t1).dataSync()[0]!;
    const e2 = styleLayerLoss(f2, t2).dataSync()[0]!;
    const node = await buildTestNode(styleLoss, {});
    const out = node.forward({ features: [f1, f2], targets: [t1, t2] }).loss as tf.Tensor;
    expect(out.dataSync()[0]).toBeCloseTo((e1 + e2) / 2, 5);
    const weighted = await buildTestNode(styleLoss, { params: { weights: [2, 0.5] } });
    expect((weighted.forward({ features: [f1, f2], targets: [t1, t2] }).loss as tf.Tensor).dataSync()[0]).toBeCloseTo(2 * e1 + 0.5 * e2, 5);
    const infer = styleLoss.infer!({
      nodeId: 's',
      params: styleLoss.params.parse({ weights: [1] }),
      inputs: { features: [{ role: 'features' }, { role: 'features' }], targets: [{ role: 'features' }] },
      bindings: new Map(),
      declaredOutputs: {},
    });
    expect(infer).toMatchObject({ errors: [{ port: 'targets' }, { message: expect.stringContaining('"weights" has 1 entries for 2 layers') }] });
  });

  it('nodes wrap the functions', async () => {
    const f = randn([1, 2, 2, 3], 8);
    const t = randn([1, 2, 2, 3], 9);
    const c = await buildTestNode(contentLossNode, {});
    expect((c.forward({ features: f, target: t }).loss as tf.Tensor).dataSync()[0]).toBeCloseTo(contentLoss(f, t).dataSync()[0]!, 5);
    const g = await buildTestNode(gram, {});
    expect((g.forward({ features: f }).gram as tf.Tensor).shape).toEqual([1, 3, 3]);
    const tv = await buildTestNode(tvLoss, {});
    expect((tv.forward({ image: f }).loss as tf.Tensor).dataSync()[0]).toBeCloseTo(totalVariation(f).dataSync()[0]!, 5);
  });
});
