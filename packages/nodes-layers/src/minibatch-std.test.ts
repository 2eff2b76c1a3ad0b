import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestNode } from '@ganvas/core';
import { minibatchStd } from './minibatch-std.js';
import { arr, gradCheckNode, randn, relError, useCpu } from './test-helpers.js';
import { i2iTorchRef } from './test-i2i-ref.js';

beforeAll(useCpu);

const infer = (shape: (string | number)[], params: Record<string, unknown> = {}) =>
  minibatchStd.infer!({ nodeId: 'mbstd', params: minibatchStd.params.parse(params), inputs: { x: { role: 'features', shape } }, bindings: new Map(), declaredOutputs: {} });

describe('layers.minibatchStd', () => {
  it('adds one channel, and refuses other ranks and batches that do not divide into groups', () => {
    expect(infer(['B', 7, 7, 64])).toEqual({ outputs: { y: { role: 'features', dtype: 'float32', shape: ['B', 7, 7, 65] } } });
    expect(infer([8, 10])).toEqual({ outputs: { y: { role: 'features', dtype: 'float32', shape: [8, 11] } } });
    expect(JSON.stringify(infer(['B', 4, 4]))).toMatch(/expected \[B, F\] or \[B, H, W, C\], got \[B, 4, 4\]/);
    expect(JSON.stringify(infer([6, 4, 4, 2]))).toMatch(/a batch of 6 does not divide into groups of 4/);
  });

  it('matches a PyTorch version of the paper on maps and features, grouped and whole-batch', async () => {
    const cases = [
      { shape: [8, 3, 3, 2], groupSize: 4 },
      { shape: [6, 5], groupSize: 0 },
      { shape: [6, 2, 2, 3], groupSize: 2 },
    ];
    const xs = cases.map((c, i) => tf.add(randn(c.shape, 20 + i, 1.5), 0.3));
    const refs = i2iTorchRef(cases.map((c, i) => ({ op: 'minibatchStd', x: arr(xs[i]!), groupSize: c.groupSize, epsilon: 1e-8 })));
    for (const [i, c] of cases.entries()) {
      const node = await buildTestNode(minibatchStd, { params: { groupSize: c.groupSize }, inputs: { x: { role: 'tensor', shape: c.shape } } });
      const y = node.forward({ x: xs[i]! }).y as tf.Tensor;
      expect(y.shape).toEqual([...c.shape.slice(0, -1), c.shape.at(-1)! + 1]);
      expect(relError(y, refs[i]!.y)).toBeLessThan(1e-5);
      node.dispose();
    }
  });

  it('is larger for a varied batch than for a collapsed one (what D gets to see)', async () => {
    const node = await buildTestNode(minibatchStd, { params: { groupSize: 0 }, inputs: { x: { role: 'tensor', shape: [4, 3] } } });
    const varied = randn([4, 3], 7);
    const collapsed = tf.tile(tf.slice(varied, [0, 0], [1, 3]), [4, 1]);
    const extra = (x: tf.Tensor) => (tf.slice(node.forward({ x }).y as tf.Tensor, [0, 3], [4, 1]).dataSync() as Float32Array)[0]!;
    expect(extra(varied)).toBeGreaterThan(0.3);
    expect(extra(collapsed)).toBeLessThan(1e-3); // √ε: no spread at all
    node.dispose();
  });

  it('gradients w.r.t. x match finite differences', async () => {
    const shape = [4, 2, 2, 3];
    const node = await buildTestNode(minibatchStd, { params: { groupSize: 2 }, inputs: { x: { role: 'tensor', shape } } });
    const r = gradCheckNode(node, { x: randn(shape, 31) }, [], { eps: 1e-2 });
    expect(r.maxRelError).toBeLessThan(2e-2);
    node.dispose();
  });

  it('names the node and the fix when the batch does not divide, and keeps the tensor count flat', async () => {
    const node = await buildTestNode(minibatchStd, { params: { groupSize: 4 }, inputs: { x: { role: 'tensor', shape: ['B', 3] } } });
    expect(() => node.forward({ x: randn([6, 3], 1) })).toThrow(/layers\.minibatchStd .*batch of 6 does not divide into groups of 4; set groupSize/);
    const x = randn([8, 3], 2);
    tf.dispose(tf.tidy(() => node.forward({ x }).y as tf.Tensor));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.dispose(tf.tidy(() => node.forward({ x }).y as tf.Tensor));
    expect(tf.memory().numTensors).toBe(before);
    node.dispose();
  });
});
