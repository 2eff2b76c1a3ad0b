import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectNoWasmLeaks } from '../test-leaks.js';
import { onBothBackends, randomValues } from '../test-helpers.js';

const tensor = (shape: number[], seed: number, dtype: 'float32' | 'int32' = 'float32') => {
  const v = randomValues(tf.util.sizeFromShape(shape), seed);
  return dtype === 'int32' ? tf.tensor(Int32Array.from(v, (x) => Math.round(x * 100)), shape, 'int32') : tf.tensor(v, shape);
};

const slices: { shape: number[]; begin: number[]; size: number[]; dtype?: 'int32' }[] = [
  { shape: [10], begin: [3], size: [4] },
  { shape: [4, 6], begin: [1, 2], size: [2, 3] },
  { shape: [4, 6], begin: [1, 0], size: [2, 6] },
  { shape: [3, 30, 30, 1], begin: [0, 1, 1, 0], size: [3, 28, 28, 1] }, // a 1-channel pad gradient
  { shape: [2, 16, 16, 5], begin: [0, 1, 1, 0], size: [2, 14, 14, 5] },
  { shape: [2, 5, 6, 7], begin: [1, 2, 0, 3], size: [1, 2, 6, 4] },
  { shape: [2, 3, 4, 5, 6], begin: [0, 1, 1, 0, 2], size: [2, 2, 3, 5, 3], dtype: 'int32' },
  { shape: [3, 4], begin: [0, 0], size: [0, 4] },
];

const pads: { shape: number[]; paddings: [number, number][]; value?: number; dtype?: 'int32' }[] = [
  { shape: [5], paddings: [[2, 1]] },
  { shape: [3, 28, 28, 1], paddings: [[0, 0], [1, 1], [1, 1], [0, 0]] },
  { shape: [2, 7, 7, 6], paddings: [[0, 0], [2, 0], [1, 3], [0, 0]], value: -1.5 },
  { shape: [2, 3, 4], paddings: [[1, 0], [0, 2], [3, 1]], dtype: 'int32', value: 7 },
];

describe('Slice on wasm (row copies on the heap)', () => {
  it.each(slices.map((c) => [JSON.stringify(c), c] as const))('matches cpu: %s', async (_n, c) => {
    const { cpu, wasm } = await onBothBackends(() => tf.slice(tensor(c.shape, 5, c.dtype), c.begin, c.size));
    expect(Array.from(wasm[0]!)).toEqual(Array.from(cpu[0]!));
    expect(cpu[0]!.length).toBe(tf.util.sizeFromShape(c.size));
  });

  it('releases its buffers', async () => {
    await expectNoWasmLeaks(() => tf.slice(tensor([2, 9, 9, 3], 1), [0, 1, 2, 0], [2, 7, 6, 3]));
  });
});

describe('PadV2 on wasm (fill + row copies)', () => {
  it.each(pads.map((c) => [JSON.stringify(c), c] as const))('matches cpu: %s', async (_n, c) => {
    const { cpu, wasm } = await onBothBackends(() => tf.pad(tensor(c.shape, 8, c.dtype), c.paddings, c.value ?? 0));
    expect(Array.from(wasm[0]!)).toEqual(Array.from(cpu[0]!));
  });

  it('releases its buffers', async () => {
    await expectNoWasmLeaks(() => tf.pad(tensor([2, 5, 5, 1], 1), [[0, 0], [1, 1], [1, 1], [0, 0]]));
  });
});
