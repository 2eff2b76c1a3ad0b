import { getKernel, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** Runs one registered wasm kernel; the result is owned by the enclosing {@link composeKernels}. */
export type RunKernel = (kernelName: string, inputs: Record<string, TensorInfo>, attrs?: NamedAttrMap) => TensorInfo;

/**
 * Builds a kernel out of other wasm kernels, at the TensorInfo level.
 *
 * Why not call `tf.conv2d` and friends: inside a kernel the engine neither records a
 * tape nor opens a scope, so engine-level tensors created there would have to be
 * disposed by hand and the returned tensor re-wrapped. Calling the sibling kernels'
 * functions directly is how tfjs' own backends compose kernels: each result holds one
 * backend reference to its data, and we release every intermediate except the one
 * returned. Aliasing kernels (Reshape, no-op Transpose) take their own reference, so
 * releasing them is safe too.
 */
export function composeKernels(backend: BackendWasm, body: (run: RunKernel) => TensorInfo): TensorInfo {
  const made: TensorInfo[] = [];
  const run: RunKernel = (kernelName, inputs, attrs = {}) => {
    const kernel = getKernel(kernelName, 'wasm');
    if (kernel === undefined) throw new Error(`wasm kernel ${kernelName} is not registered`);
    const out = kernel.kernelFunc({ inputs, attrs, backend });
    if (Array.isArray(out)) {
      made.push(...out);
      throw new Error(`composeKernels: ${kernelName} returned several outputs; not supported`);
    }
    made.push(out);
    return out;
  };
  let result: TensorInfo | undefined;
  try {
    result = body(run);
    return result;
  } finally {
    for (const info of made) {
      if (info !== result) backend.disposeData(info.dataId);
    }
  }
}
