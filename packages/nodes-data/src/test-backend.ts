import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

/** Test-only: select the cpu backend (a devDependency of this package). */
export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
}
