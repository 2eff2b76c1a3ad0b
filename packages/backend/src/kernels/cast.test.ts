import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../select-backend.js';
import { expectNoWasmLeaks } from '../test-leaks.js';
import { compare, onBothBackends, randomValues } from '../test-helpers.js';

const tensor = (shape: number[], seed: number) => tf.tensor(randomValues(tf.util.sizeFromShape(shape), seed), shape);

const reductions: { shape: number[]; axis: number | number[]; keepDims?: boolean }[] = [
  { shape: [64, 7, 7, 16], axis: [0, 1, 2] }, // batch-norm statistics over B, H, W
  { shape: [6, 5, 4, 3], axis: [0, 1, 2], keepDims: true },
  { shape: [6, 5, 4, 3], axis: [2, 0, 1] },
  { shape: [9, 7], axis: 0 },
  { shape: [6, 5, 4, 3], axis: [1, 2] }, // not leading: the built-in kernel
  { shape: [6, 5], axis: [0, 1] }, // everything
  { shape: [6, 5, 4], axis: -1 },
];

describe('Sum and Mean on wasm (leading axes in one pass)', () => {
  it.each(reductions.map((c) => [JSON.stringify(c), c] as const))('match cpu: %s', async (_n, c) => {
    const { cpu, wasm } = await onBothBackends(() => [
      tf.sum(tensor(c.shape, 3), c.axis, c.keepDims),
      tf.mean(tensor(c.shape, 4), c.axis, c.keepDims),
    ]);
    for (let k = 0; k < 2; k++) expect(compare(wasm[k]!, cpu[k]!, 1e-5, 1e-5).violations).toBe(0);
  });

  it('keeps the reduced dims when asked', async () => {
    await selectBackend('wasm');
    const t = tensor([4, 3, 2], 1);
    expect(tf.sum(t, [0, 1], true).shape).toEqual([1, 1, 2]);
    expect(tf.mean(t, [0, 1]).shape).toEqual([2]);
    t.dispose();
  });

  it('int32 sums stay exact (built-in path)', async () => {
    const { cpu, wasm } = await onBothBackends(() => tf.sum(tf.tensor([[1, 2], [3, 4]], [2, 2], 'int32'), 0));
    expect(Array.from(wasm[0]!)).toEqual(Array.from(cpu[0]!));
  });

  it('release their buffers', async () => {
    await expectNoWasmLeaks(() => [tf.sum(tensor([8, 3, 3, 4], 1), [0, 1, 2]), tf.mean(tensor([8, 3, 3, 4], 2), [0, 1, 2])]);
  });
});

describe('Cast on wasm', () => {
  it('float32 → float32 shares the buffer and keeps values; real casts convert like cpu', async () => {
    const { cpu, wasm } = await onBothBackends(() => {
      const x = tf.tensor([1.7, -2.2, 3.5]);
      return [tf.cast(x, 'float32'), tf.cast(x, 'int32'), tf.cast(tf.tensor([0, 2], [2], 'int32'), 'float32')];
    });
    for (let k = 0; k < 3; k++) expect(Array.from(wasm[k]!)).toEqual(Array.from(cpu[k]!));
  });

  it('releases its buffers', async () => {
    await expectNoWasmLeaks(() => tf.add(tf.cast(tf.cast(tensor([5], 1), 'float32'), 'float32'), 1));
  });
});
