import { getKernel, type KernelConfig, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { batchMatMulWasmConfig } from './kernels/batch-mat-mul.js';
import { rememberBuiltin } from './kernels/builtin.js';
import { conv2DBackpropFilterWasmConfig } from './kernels/conv2d-backprop-filter.js';
import { conv2DBackpropInputWasmConfig } from './kernels/conv2d-backprop-input.js';
import { castWasmConfig } from './kernels/cast.js';
import { identityWasmConfig } from './kernels/identity.js';
import { padV2WasmConfig } from './kernels/pad.js';
import { sliceWasmConfig } from './kernels/slice.js';
import { unsortedSegmentSumWasmConfig } from './kernels/unsorted-segment-sum.js';

/** A kernel this package adds to wasm, and whether it should displace a built-in one. */
export interface WasmTrainingKernel {
  /** The tfjs kernel registration. */
  config: KernelConfig;
  /**
   * Replace a kernel tfjs already registers. Only for kernels whose built-in version
   * works but is too slow; missing kernels are never forced over a future built-in.
   */
  replace: boolean;
}

/**
 * The kernels this package adds to the wasm backend, so that it can train convnets, and
 * the ones it replaces because profiles of the templates' training steps showed them
 * slow (see README: "Kernels added to (or replaced in) wasm").
 */
export const wasmTrainingKernels: readonly WasmTrainingKernel[] = [
  { config: conv2DBackpropFilterWasmConfig, replace: false },
  { config: unsortedSegmentSumWasmConfig, replace: false },
  { config: conv2DBackpropInputWasmConfig, replace: true },
  { config: batchMatMulWasmConfig, replace: true },
  { config: identityWasmConfig, replace: true },
  { config: sliceWasmConfig, replace: true },
  { config: padV2WasmConfig, replace: true },
  { config: castWasmConfig, replace: true },
];

/**
 * Registers {@link wasmTrainingKernels} for the `wasm` backend. Safe to call any number
 * of times: kernels already in place are left alone.
 *
 * @returns names of the kernels registered by this call (empty on repeat calls).
 */
export function registerWasmTrainingKernels(): string[] {
  const added: string[] = [];
  for (const { config, replace } of wasmTrainingKernels) {
    const existing = getKernel(config.kernelName, config.backendName);
    if (existing?.kernelFunc === config.kernelFunc) continue;
    if (existing !== undefined) {
      if (!replace) continue;
      // Replacements may hand cases they do not speed up back to the built-in.
      rememberBuiltin(config.kernelName);
      unregisterKernel(config.kernelName, config.backendName);
    }
    registerKernel(config);
    added.push(config.kernelName);
  }
  return added;
}
