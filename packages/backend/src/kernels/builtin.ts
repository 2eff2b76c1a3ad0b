import { getKernel, type KernelFunc } from '@tensorflow/tfjs-core';

/**
 * The wasm kernels this package displaces, kept so that a replacement can still hand the
 * cases it does not speed up to tfjs' own implementation. Filled by
 * `registerWasmTrainingKernels` just before it unregisters a built-in.
 */
const builtins = new Map<string, KernelFunc>();

/** Remembers the built-in `kernelName` kernel (only the first, truly built-in one). */
export function rememberBuiltin(kernelName: string): void {
  if (builtins.has(kernelName)) return;
  const k = getKernel(kernelName, 'wasm');
  if (k) builtins.set(kernelName, k.kernelFunc);
}

/** tfjs' own wasm kernel that a replacement displaced; throws if it was never captured. */
export function builtinKernel(kernelName: string): KernelFunc {
  const k = builtins.get(kernelName);
  if (!k) throw new Error(`the built-in wasm ${kernelName} kernel was not captured before being replaced`);
  return k;
}
