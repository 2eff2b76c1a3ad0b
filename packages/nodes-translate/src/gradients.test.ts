import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, buildTestNode, checkGradients } from '@ganvas/core';
import { imagePool } from './image-pool.js';
import { maskedLabels } from './masked-labels.js';
import { sideBySide } from './side-by-side.js';
import { targetLabels } from './target-labels.js';
import { randn, useCpu } from './test-helpers.js';

beforeAll(useCpu);

/** Numeric vs analytic gradient of sum(out · R) for a node output, R fixed. */
function check(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): number {
  const probe = randn(f(x).shape, 17);
  return checkGradients(([v]) => tf.sum(tf.mul(f(v!), probe)) as tf.Scalar, [x], { eps: 1e-2 }).maxRelError;
}

describe('gradients of the data-flow nodes (numeric vs analytic)', () => {
  it('image pool (incoming images pass gradients; stored ones are constants), target labels, c̃ split, side by side', async () => {
    const pool = await buildTestNode(imagePool, { params: { size: 2 }, inputs: { image: { role: 'image', shape: [3, 2, 2, 1] } } });
    const x = randn([3, 2, 2, 1], 1);
    // A fixed stream per evaluation: every finite-difference probe sees the same plan. The pool
    // is reset before each call so that the plan starts from the same (empty) state.
    const poolF = (v: tf.Tensor) => {
      pool.instance.setState!({ tensors: {} });
      return pool.forward({ image: v }, { purpose: 'train', rng: new Rng(3) }).image as tf.Tensor;
    };
    const target = await buildTestNode(targetLabels, { inputs: { label: { role: 'label', shape: [5, 3] } } });
    const split = await buildTestNode(maskedLabels, { params: { sizes: [2, 1] }, inputs: { condition: { role: 'label', shape: [4, 5] } } });
    const row = await buildTestNode(sideBySide, { inputs: { images: [{ role: 'image', shape: [2, 2, 2, 1] }, { role: 'image', shape: [2, 2, 2, 1] }] } });
    const other = randn([2, 2, 2, 1], 4);
    const errors = {
      imagePool: check(poolF, x),
      targetLabels: check((v) => target.forward({ label: v }, { rng: new Rng(8) }).label as tf.Tensor, randn([5, 3], 2)),
      maskedLabels: check((v) => split.forward({ condition: v }).labels as tf.Tensor, randn([4, 5], 3)),
      sideBySide: check((v) => row.forward({ images: [v, other] }).image as tf.Tensor, randn([2, 2, 2, 1], 5)),
    };
    console.log(`grad checks: ${JSON.stringify(Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v.toExponential(2)])))}`);
    for (const [name, e] of Object.entries(errors)) expect(e, name).toBeLessThan(1e-2);
    for (const n of [pool, target, split, row]) n.dispose();
  });
});
