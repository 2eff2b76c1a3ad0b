import '../test-gradients.js';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { compare, onBothBackends, randomValues } from '../test-helpers.js';
import { selectBackend } from '../select-backend.js';

describe('UnsortedSegmentSum on wasm', () => {
  it('matches cpu for 1-D ids, including repeated and out-of-range ones', async () => {
    const x = randomValues(7 * 3 * 2, 11);
    const ids = [4, 0, 4, 2, -1, 9, 2];
    const { cpu, wasm } = await onBothBackends(() =>
      tf.unsortedSegmentSum(tf.tensor3d(x, [7, 3, 2]), tf.tensor1d(ids, 'int32'), 5),
    );
    expect(compare(wasm[0]!, cpu[0]!).violations).toBe(0);
    expect(wasm[0]!.slice(6, 12).every((v) => v === 0)).toBe(true); // segment 1 is empty
  });

  it('sums int32 data exactly', async () => {
    await selectBackend('wasm');
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2], 'int32');
    const out = tf.unsortedSegmentSum(x, tf.tensor1d([2, 0, 2, 0], 'int32'), 3);
    expect(out.dtype).toBe('int32');
    expect(Array.from(await out.data())).toEqual([10, 12, 0, 0, 6, 8]);
    tf.dispose([x, out]);
  });

  it('gives the gradient of gather (an embedding lookup)', async () => {
    const table = randomValues(10 * 4, 12);
    const labels = [3, 1, 3, 7, 9, 3];
    const { cpu, wasm } = await onBothBackends(() =>
      tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.gather(t, tf.tensor1d(labels, 'int32')))))(tf.tensor2d(table, [10, 4])),
    );
    const diff = compare(wasm[0]!, cpu[0]!);
    expect(diff.violations, JSON.stringify(diff)).toBe(0);
    expect(Math.max(...cpu[0]!.map(Math.abs))).toBeGreaterThan(0.1);
  });

  it('leaks nothing', async () => {
    await selectBackend('wasm');
    const backend = tf.backend();
    const step = () =>
      tf.dispose(tf.tidy(() => tf.unsortedSegmentSum(tf.ones([6, 2]), tf.tensor1d([0, 1, 0, 1, 2, 2], 'int32'), 3)));
    step();
    const tensors = tf.memory().numTensors;
    const buffers = backend.numDataIds();
    for (let i = 0; i < 20; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(buffers);
  });
});
