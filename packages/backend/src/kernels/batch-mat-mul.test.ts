import '../test-gradients.js';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectNoWasmLeaks } from '../test-leaks.js';
import { compare, onBothBackends, randomValues } from '../test-helpers.js';

interface Case { a: number[]; b: number[]; ta: boolean; tb: boolean }

const cases: Case[] = [
  { a: [5, 7], b: [7, 3], ta: false, tb: false },
  { a: [7, 5], b: [7, 3], ta: true, tb: false },
  { a: [5, 7], b: [3, 7], ta: false, tb: true },
  { a: [7, 5], b: [3, 7], ta: true, tb: true },
  // a dense layer's weight gradient (xᵀ·dy) and input gradient (dy·Wᵀ)
  { a: [16, 100], b: [16, 49], ta: true, tb: false },
  { a: [16, 49], b: [100, 49], ta: false, tb: true },
  // batched, and a broadcast batch dim
  { a: [3, 6, 4], b: [3, 5, 6], ta: true, tb: true },
  { a: [2, 3, 4, 6], b: [1, 5, 6], ta: false, tb: true },
];

const tensor = (shape: number[], seed: number) => tf.tensor(randomValues(tf.util.sizeFromShape(shape), seed), shape);

describe('BatchMatMul on wasm (transposes made explicit)', () => {
  it.each(cases.map((c, i) => [JSON.stringify(c), c, i] as const))('matches cpu: %s', async (_n, c, i) => {
    const { cpu, wasm } = await onBothBackends(() => tf.matMul(tensor(c.a, 10 + i), tensor(c.b, 50 + i), c.ta, c.tb));
    const diff = compare(wasm[0]!, cpu[0]!);
    expect(diff.violations, JSON.stringify(diff)).toBe(0);
    expect(Math.max(...cpu[0]!.map(Math.abs))).toBeGreaterThan(0.1);
  });

  it('gives the dense-layer gradients of cpu', async () => {
    const x = tensor([8, 12], 1);
    const w = tensor([12, 5], 2);
    const { cpu, wasm } = await onBothBackends(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.matMul(a, b))))([x, w]));
    for (let k = 0; k < 2; k++) expect(compare(wasm[k]!, cpu[k]!).violations).toBe(0);
  });

  it('releases every intermediate buffer', async () => {
    await expectNoWasmLeaks(() => tf.matMul(tensor([7, 5], 3), tensor([3, 7], 4), true, true));
  });
});
