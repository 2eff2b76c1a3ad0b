import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestNode, checkGradients } from '@ganvas/core';
import type { Contract } from '@ganvas/core';
import { concat } from './concat.js';
import { randn, useCpu } from './test-helpers.js';

beforeAll(useCpu);

const infer = (xs: Contract[], axis = -1) =>
  concat.infer!({ nodeId: 'cat', params: { axis }, inputs: { x: xs }, bindings: new Map(), declaredOutputs: {} });

describe('layers.concat', () => {
  it('adds the concatenated dim and keeps the others', () => {
    expect(
      infer([
        { role: 'features', shape: ['B', 14, 14, 64] },
        { role: 'features', shape: ['B', 14, 14, 10] },
      ]),
    ).toEqual({ outputs: { y: { role: 'features', dtype: 'float32', shape: ['B', 14, 14, 74] } } });
    expect(infer([{ role: 'latent', shape: ['B', 100] }, { role: 'onehot', shape: ['B', 10] }])).toMatchObject({
      outputs: { y: { role: 'tensor', shape: ['B', 110] } },
    });
    expect(infer([{ role: 'tensor', shape: ['B', 'C'] }, { role: 'tensor', shape: ['B', 10] }])).toMatchObject({
      outputs: { y: { shape: ['B', 'C_cat'] } },
    });
  });

  it('names the mismatching dim and both shapes', () => {
    const r = infer([
      { role: 'tensor', shape: ['B', 14, 14, 64] },
      { role: 'tensor', shape: ['B', 7, 7, 10] },
    ]);
    const msg = 'errors' in r ? r.errors[0]!.message : '';
    expect(msg).toContain('[B, 7, 7, 10]');
    expect(msg).toContain('[B, 14, 14, 64]');
    expect(msg).toContain('dim 1');
    expect(infer([{ role: 'tensor', shape: ['B', 4] }, { role: 'tensor', shape: ['B', 2, 2] }])).toMatchObject({ errors: [{}] });
  });

  it('concatenates values (axis -1 and 1) and passes gradients to every input', async () => {
    const node = await buildTestNode(concat, { params: { axis: 1 } });
    const a = randn([2, 3, 2], 1);
    const b = randn([2, 1, 2], 2);
    const y = node.forward({ x: [a, b] }).y as tf.Tensor;
    expect(y.shape).toEqual([2, 4, 2]);
    const p = randn([2, 4, 2], 3);
    const r = checkGradients(([u, v]) => tf.sum(tf.mul(node.forward({ x: [u!, v!] }).y as tf.Tensor, p)), [a, b]);
    expect(r.maxRelError).toBeLessThan(1e-2);
    const last = await buildTestNode(concat);
    expect((last.forward({ x: [randn([2, 3], 4), randn([2, 5], 5)] }).y as tf.Tensor).shape).toEqual([2, 8]);
  });
});
