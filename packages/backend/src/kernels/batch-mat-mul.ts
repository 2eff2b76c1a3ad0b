import {
  BatchMatMul,
  type BatchMatMulAttrs,
  type BatchMatMulInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { builtinKernel } from './builtin.js';
import { composeKernels } from './compose.js';

/**
 * Matrix product for wasm that never asks tfjs' kernel to transpose an operand.
 *
 * The built-in kernel hands `transposeA`/`transposeB` products to a slow fallback loop
 * instead of XNNPACK: measured 124–166 ms for a 3136×64×512 product vs 12 ms plain, and
 * 19 ms vs 2 ms for a dense layer's weight gradient (64×100ᵀ · 64×3136). The gradients of
 * every dense layer are exactly such products, so an explicit Transpose (memory-bound,
 * linear in the operand size) followed by the plain product is much faster. Values are
 * the same products with the same summation order per element, so results match.
 */
export const batchMatMulWasm: KernelFunc = (args) => {
  const { inputs, attrs, backend } = args;
  const { a, b } = inputs as BatchMatMulInputs;
  const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
  const plain = builtinKernel(BatchMatMul);
  if (!transposeA && !transposeB) return plain(args);
  if (a === undefined || b === undefined) throw new Error('BatchMatMul needs a and b');
  return composeKernels(backend as BackendWasm, (run) => {
    const swapLast = (x: TensorInfo): TensorInfo => {
      const r = x.shape.length;
      const perm = x.shape.map((_, i) => (i === r - 2 ? r - 1 : i === r - 1 ? r - 2 : i));
      return run('Transpose', { x }, { perm });
    };
    const aa = transposeA ? swapLast(a) : a;
    const bb = transposeB ? swapLast(b) : b;
    return plain({ inputs: { a: aa, b: bb }, attrs: { ...attrs, transposeA: false, transposeB: false }, backend }) as TensorInfo;
  });
};

/** Registration record for {@link batchMatMulWasm}; replaces the built-in kernel. */
export const batchMatMulWasmConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: 'wasm',
  kernelFunc: batchMatMulWasm,
};
