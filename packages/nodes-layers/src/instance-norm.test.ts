import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestNode } from '@ganvas/core';
import { instanceNorm } from './instance-norm.js';
import { arr, gradCheckNode, randn, relError, useCpu } from './test-helpers.js';
import { i2iTorchRef } from './test-i2i-ref.js';

beforeAll(useCpu);

describe('layers.instanceNorm', () => {
  it('keeps role and shape, refuses non-maps', () => {
    const infer = (shape: (string | number)[]) =>
      instanceNorm.infer!({ nodeId: 'in', params: instanceNorm.params.parse({}), inputs: { x: { role: 'features', shape } }, bindings: new Map(), declaredOutputs: {} });
    expect(infer(['B', 8, 8, 4])).toEqual({ outputs: { y: { role: 'features', dtype: 'float32', shape: ['B', 8, 8, 4] } } });
    expect(JSON.stringify(infer(['B', 4]))).toMatch(/expected maps \[B, H, W, C\].*got \[B, 4\]/);
  });

  it('matches PyTorch F.instance_norm (affine and not), the same in training and inference', async () => {
    const shape = [3, 5, 4, 3];
    const x = tf.add(randn(shape, 11, 2), 0.7);
    const gamma = randn([3], 12, 0.5);
    const beta = randn([3], 13);
    const affine = await buildTestNode(instanceNorm, { inputs: { x: { role: 'tensor', shape } } });
    affine.weights.get('gamma')!.assign(gamma);
    affine.weights.get('beta')!.assign(beta);
    const plain = await buildTestNode(instanceNorm, { params: { affine: false }, inputs: { x: { role: 'tensor', shape } } });
    expect(plain.weights.size).toBe(0);
    const yTrain = affine.forward({ x }, { training: true }).y as tf.Tensor;
    const yEval = affine.forward({ x }, { training: false, purpose: 'sample' }).y as tf.Tensor;
    const yPlain = plain.forward({ x }).y as tf.Tensor;
    const [ra, rp] = i2iTorchRef([
      { op: 'instanceNorm', x: arr(x), gamma: arr(gamma), beta: arr(beta), epsilon: 1e-5 },
      { op: 'instanceNorm', x: arr(x), epsilon: 1e-5 },
    ]);
    const errs = [relError(yTrain, ra!.y), relError(yEval, ra!.y), relError(yPlain, rp!.y)];
    console.log(`instanceNorm vs torch: max rel error ${Math.max(...errs).toExponential(2)}`);
    for (const e of errs) expect(e).toBeLessThan(1e-5);
    affine.dispose();
    plain.dispose();
  });

  it('gradients w.r.t. x, gamma and beta match finite differences', async () => {
    const shape = [2, 3, 3, 2];
    const node = await buildTestNode(instanceNorm, { inputs: { x: { role: 'tensor', shape } } });
    node.weights.get('gamma')!.assign(randn([2], 5, 0.5));
    const r = gradCheckNode(node, { x: randn(shape, 6) }, ['gamma', 'beta'], { eps: 1e-2 });
    console.log(`instanceNorm grad check: max rel error ${r.maxRelError.toExponential(2)}`);
    expect(r.maxRelError).toBeLessThan(2e-2);
    node.dispose();
  });

  it('keeps tf.memory().numTensors flat over repeated forward passes', async () => {
    const node = await buildTestNode(instanceNorm, { inputs: { x: { role: 'tensor', shape: [2, 4, 4, 3] } } });
    const x = randn([2, 4, 4, 3], 3);
    tf.dispose(tf.tidy(() => node.forward({ x }).y as tf.Tensor));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.dispose(tf.tidy(() => node.forward({ x }).y as tf.Tensor));
    expect(tf.memory().numTensors).toBe(before);
    node.dispose();
  });
});
