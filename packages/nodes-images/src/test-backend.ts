import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

/** Test-only: select the cpu backend (a devDependency of this package). */
export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
}

/** Test-only: the values of an output tensor, disposing it. */
export function take(value: unknown): Float32Array {
  const t = value as tf.Tensor;
  const data = t.dataSync() as Float32Array;
  t.dispose();
  return data;
}
