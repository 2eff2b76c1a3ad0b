import { getKernel, type KernelConfig, registerKernel } from '@tensorflow/tfjs-core';
import { conv2DBackpropFilterWasmConfig } from './kernels/conv2d-backprop-filter.js';
import { unsortedSegmentSumWasmConfig } from './kernels/unsorted-segment-sum.js';

/** The kernels this package adds to the wasm backend, so that it can train convnets. */
export const wasmTrainingKernels: readonly KernelConfig[] = [
  conv2DBackpropFilterWasmConfig,
  unsortedSegmentSumWasmConfig,
];

/**
 * Registers {@link wasmTrainingKernels} for the `wasm` backend. Safe to call any number
 * of times: a kernel that is already registered (by an earlier call, or natively by a
 * later tfjs release) is left alone rather than replaced.
 *
 * @returns names of the kernels registered by this call (empty on repeat calls).
 */
export function registerWasmTrainingKernels(): string[] {
  const added: string[] = [];
  for (const config of wasmTrainingKernels) {
    if (getKernel(config.kernelName, config.backendName) !== undefined) continue;
    registerKernel(config);
    added.push(config.kernelName);
  }
  return added;
}
