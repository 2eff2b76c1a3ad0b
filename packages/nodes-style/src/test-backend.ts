// Test-only (excluded from the build): the declared cpu backend.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Rng } from '@ganvas/core';

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

export function randn(shape: number[], seed: number, scale = 1): tf.Tensor {
  return tf.tensor(new Rng(seed).normals(shape.reduce((a, b) => a * b, 1), 0, scale), shape);
}
