import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, buildTestNode, checkGradients } from '@ganvas/core';
import { dropout } from './dropout.js';
import { randn, useCpu } from './test-helpers.js';

beforeAll(useCpu);

describe('layers.dropout', () => {
  it('is the identity outside training', async () => {
    const node = await buildTestNode(dropout, { params: { rate: 0.5 } });
    const x = randn([4, 8], 1);
    const y = node.forward({ x }, { training: false }).y as tf.Tensor;
    expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()));
  });

  it('zeroes about rate of the values in training and keeps the mean', async () => {
    const node = await buildTestNode(dropout, { params: { rate: 0.3 } });
    const x = tf.ones([100, 100]);
    const y = (node.forward({ x }).y as tf.Tensor).dataSync();
    const zeros = y.filter((v) => v === 0).length / y.length;
    expect(zeros).toBeGreaterThan(0.27);
    expect(zeros).toBeLessThan(0.33);
    expect(y.filter((v) => v !== 0).every((v) => Math.abs(v - 1 / 0.7) < 1e-5)).toBe(true);
  });

  it('gradients match finite differences for a fixed mask', async () => {
    const node = await buildTestNode(dropout, { params: { rate: 0.4 } });
    const p = randn([3, 5], 2);
    const r = checkGradients(([x]) => tf.sum(tf.mul(node.forward({ x: x! }, { rng: new Rng(3) }).y as tf.Tensor, p)), [randn([3, 5], 4)]);
    console.log(`dropout grad check: max rel error ${r.maxRelError.toExponential(2)}`);
    expect(r.maxRelError).toBeLessThan(1e-2);
  });
});
