import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestNode, compile, nullHost } from '@ganvas/core';
import { pack } from './pack.js';
import { gradCheckNode, randn, useCpu } from './test-helpers.js';
import { chainGraph, testRegistry } from './test-trainer.js';

beforeAll(useCpu);

const infer = (shape: (string | number)[], params: Record<string, unknown> = {}) =>
  pack.infer!({ nodeId: 'pack', params: pack.params.parse(params), inputs: { x: { role: 'image', shape } }, bindings: new Map(), declaredOutputs: {} });

async function packed(x: tf.Tensor, groups: number): Promise<unknown> {
  const node = await buildTestNode(pack, { params: { groups }, inputs: { x: { role: 'tensor', shape: x.shape } } });
  const y = node.forward({ x }).y as tf.Tensor;
  const out = { shape: y.shape, values: y.arraySync() };
  node.dispose();
  return out;
}

describe('layers.pack', () => {
  // Expected arrays written by hand from PacGAN's definition, i.e. what PyTorch's
  // x.view(B//m, m, H, W, C).permute(0, 2, 3, 1, 4).reshape(B//m, H, W, m*C) gives:
  // example b = g·m + i lands in pack g, channels [i·C, (i+1)·C).
  it('packs m = 2 on [4, 2, 2, 1] maps: images 0 and 1 become the two channels of pack 0', async () => {
    // x[b, h, w, 0] = 10·b + 2·h + w
    const x = tf.tensor4d([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23, 30, 31, 32, 33], [4, 2, 2, 1]);
    expect(await packed(x, 2)).toEqual({
      shape: [2, 2, 2, 2],
      values: [
        [[[0, 10], [1, 11]], [[2, 12], [3, 13]]],
        [[[20, 30], [21, 31]], [[22, 32], [23, 33]]],
      ],
    });
  });

  it('packs m = 3 on [6, 2] features, each member\'s features contiguous and in batch order', async () => {
    const x = tf.tensor2d([[0, 1], [10, 11], [20, 21], [30, 31], [40, 41], [50, 51]]);
    expect(await packed(x, 3)).toEqual({
      shape: [2, 6],
      values: [
        [0, 1, 10, 11, 20, 21],
        [30, 31, 40, 41, 50, 51],
      ],
    });
  });

  it('keeps each member\'s channels together on maps with several channels (member-major, not channel-major)', async () => {
    // x[b, 0, w, c] = 10·b + 2·w + c, shape [4, 1, 2, 2]
    const x = tf.tensor4d([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23, 30, 31, 32, 33], [4, 1, 2, 2]);
    expect(await packed(x, 2)).toEqual({
      shape: [2, 1, 2, 4],
      values: [[[[0, 1, 10, 11], [2, 3, 12, 13]]], [[[20, 21, 30, 31], [22, 23, 32, 33]]]],
    });
  });

  it('leaves x unchanged with groups 1', async () => {
    const x = randn([3, 2, 2, 2], 3);
    expect(await packed(x, 1)).toEqual({ shape: [3, 2, 2, 2], values: x.arraySync() });
  });

  it('gradients w.r.t. x match finite differences (weighted sum of the output), on maps and features', async () => {
    for (const [shape, groups] of [
      [[4, 2, 2, 3], 2],
      [[6, 4], 3],
    ] as [number[], number][]) {
      const node = await buildTestNode(pack, { params: { groups }, inputs: { x: { role: 'tensor', shape } } });
      const r = gradCheckNode(node, { x: randn(shape, 31) }, [], { eps: 1e-2 });
      expect(r.maxRelError).toBeLessThan(1e-2);
      node.dispose();
    }
  });

  it('infers a new batch symbol and m·C channels, numeric batches divided, and refuses an indivisible batch on x', () => {
    expect(infer(['B', 28, 28, 1], { groups: 2 })).toEqual({ outputs: { y: { role: 'image', dtype: 'float32', shape: ['B_pack', 28, 28, 2] } } });
    expect(infer([64, 10])).toEqual({ outputs: { y: { role: 'image', dtype: 'float32', shape: [32, 20] } } });
    expect(infer(['B', 'C'], { groups: 3 })).toEqual({ outputs: { y: { role: 'image', dtype: 'float32', shape: ['B_pack', 'C_pack'] } } });
    expect(infer(['B', 5], { groups: 1 })).toEqual({ outputs: { y: { role: 'image', dtype: 'float32', shape: ['B', 5] } } });
    const bad = infer([6, 10], { groups: 4 });
    expect(bad).toEqual({ errors: [{ port: 'x', message: expect.stringMatching(/a batch of 6 does not divide into groups of 4/) }] });
    expect(infer(['B'])).toEqual({ errors: [{ port: 'x', message: 'expected [B, ..., C] (rank ≥ 2), got [B]' }] });
    expect(() => pack.params.parse({ groups: 0 })).toThrow();
  });

  it('names the node and both sizes when a run-time batch does not divide into groups', async () => {
    const node = await buildTestNode(pack, { params: { groups: 4 }, inputs: { x: { role: 'tensor', shape: ['B', 3] } } });
    expect(() => node.forward({ x: randn([6, 3], 1) })).toThrow(/^layers\.pack \(test\): a batch of 6 does not divide into groups of 4; use a batch size that is a multiple of groups \(4\)$/);
    node.dispose();
  });

  it('keeps the live tensor count flat over forward and gradient calls', async () => {
    const node = await buildTestNode(pack, { params: { groups: 2 }, inputs: { x: { role: 'tensor', shape: ['B', 2, 2, 3] } } });
    const x = randn([4, 2, 2, 3], 2);
    const w = randn([2, 2, 2, 6], 3);
    const call = () => {
      tf.dispose(tf.tidy(() => node.forward({ x }).y as tf.Tensor));
      tf.dispose(tf.grad((input: tf.Tensor) => tf.sum(tf.mul(node.forward({ x: input }).y as tf.Tensor, w)))(x));
    };
    call();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) call();
    expect(tf.memory().numTensors).toBe(before);
    node.dispose();
  });

  it('trains a small D-like network packed before its first conv through the real Trainer', async () => {
    // noise [B, 6] → dense → [B, 2, 2, 2] → pack 2 → [B_pack, 2, 2, 4] → conv → flatten → score.
    const graph = chainGraph(
      [
        { id: 'in1', type: 'layers.dense', params: { units: 8 } },
        { id: 'img', type: 'layers.reshape', params: { targetShape: [2, 2, 2] } },
        { id: 'pack', type: 'layers.pack', params: { groups: 2 } },
        { id: 'conv', type: 'layers.conv2d', params: { filters: 3, kernelSize: 2, strides: 1, padding: 'valid' } },
        { id: 'act', type: 'layers.leakyRelu' },
        { id: 'flat', type: 'layers.flatten' },
        { id: 'score', type: 'layers.dense', params: { units: 1 } },
      ],
      6,
    );
    const t = await compile(graph, testRegistry(), { host: nullHost });
    try {
      const before = t.snapshot().tensors;
      // D's first conv sees the packed channels: 2 members × 2 channels.
      expect(before['weights/N/conv/kernel']!.shape).toEqual([2, 2, 4, 3]);
      const losses: number[] = [];
      for (let i = 0; i < 10; i++) losses.push((await t.runStep()).losses.N!);
      for (const l of losses) expect(Number.isFinite(l)).toBe(true);
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(mean(losses.slice(-3))).toBeLessThan(0.5 * mean(losses.slice(0, 3)));
      // The layer before pack learned too: the gradient reaches it through the packing.
      const after = t.snapshot().tensors;
      expect(Array.from(after['weights/N/in1/kernel']!.values)).not.toEqual(Array.from(before['weights/N/in1/kernel']!.values));
    } finally {
      t.dispose();
    }
  });
});
