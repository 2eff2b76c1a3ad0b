import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { selectBackend } from './select-backend.js';

/**
 * Runs `fn` (which must return tensors) 20 times on wasm, disposing the results, and
 * expects tensor and backend buffer counts to stay where they were after the first run.
 */
export async function expectNoWasmLeaks(fn: () => tf.Tensor | tf.Tensor[]): Promise<void> {
  await selectBackend('wasm');
  const backend = tf.backend();
  tf.dispose(tf.tidy(fn));
  const tensors = tf.memory().numTensors;
  const buffers = backend.numDataIds();
  for (let i = 0; i < 20; i++) tf.dispose(tf.tidy(fn));
  expect(tf.memory().numTensors).toBe(tensors);
  expect(backend.numDataIds()).toBe(buffers);
}
