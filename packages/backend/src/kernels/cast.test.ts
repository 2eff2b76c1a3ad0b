import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectNoWasmLeaks } from '../test-leaks.js';
import { onBothBackends, randomValues } from '../test-helpers.js';

const tensor = (shape: number[], seed: number) => tf.tensor(randomValues(tf.util.sizeFromShape(shape), seed), shape);

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
