import * as tf from '@tensorflow/tfjs-core';

/**
 * Test-only: select the cpu backend. `@tensorflow/tfjs-backend-cpu` is not a dependency of
 * this package (it cannot be added without an install), so when it does not resolve from
 * here it is loaded from `@ganvas/backend`'s dependencies, which share our tfjs-core.
 */
export async function useCpuBackend(): Promise<void> {
  if (tf.findBackend('cpu') === null) {
    // Specifiers in variables keep TypeScript from trying to resolve a package that is not ours.
    const direct: string = '@tensorflow/tfjs-backend-cpu';
    const viaBackendPackage: string = new URL(
      '../../backend/node_modules/@tensorflow/tfjs-backend-cpu/dist/index.js',
      import.meta.url,
    ).href;
    await import(direct).catch(() => import(viaBackendPackage));
  }
  await tf.setBackend('cpu');
}
