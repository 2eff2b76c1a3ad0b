import {
  type KernelConfig,
  type KernelFunc,
  Mean,
  type MeanAttrs,
  type MeanInputs,
  Sum,
  type SumAttrs,
  type SumInputs,
  util,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { builtinKernel } from './builtin.js';
import { composeKernels } from './compose.js';

/**
 * Sum and Mean over the leading axes of a float32 tensor (batch norm's per-channel
 * statistics and their gradients reduce NHWC maps over B, H, W) as one XNNPACK matrix
 * product, ones[1, rows] · x[rows, cols]. wasm's own kernels first transpose the reduced
 * axes innermost (a full copy of x), and a JavaScript loop was no faster than that; ~30
 * such reductions run per DCGAN step. Every other case (inner axes, int32) goes to the
 * built-in kernel.
 */
function leadingReduction(kernelName: string, divide: boolean): KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args;
    const { x } = inputs as SumInputs | MeanInputs;
    const { axis, keepDims } = attrs as unknown as SumAttrs | MeanAttrs;
    if (x === undefined) throw new Error(`${kernelName} needs x`);
    const axes = util.parseAxisParam(axis, x.shape);
    const k = axes.length;
    const leading = k > 0 && k < x.shape.length && [...axes].sort((a, b) => a - b).every((a, i) => a === i);
    if (!leading || x.dtype !== 'float32') return builtinKernel(kernelName)(args);
    const rows = util.sizeFromShape(x.shape.slice(0, k));
    const keptShape = x.shape.slice(k);
    const cols = util.sizeFromShape(keptShape);
    const outShape = keepDims ? [...x.shape.slice(0, k).map(() => 1), ...keptShape] : keptShape;
    const wasm = backend as BackendWasm;
    // [1, rows] · x[rows, cols]: XNNPACK's matmul sums the rows, with weights 1 (or 1/rows).
    const weights = wasm.makeOutput([1, 1, rows], 'float32');
    (wasm.typedArrayFromHeap(weights) as Float32Array).fill(divide ? 1 / rows : 1);
    const out = composeKernels(wasm, (run) => {
      const w = run('Reshape', { x: weights }, { shape: [1, 1, rows] });
      wasm.disposeData(weights.dataId);
      const m = run('Reshape', { x }, { shape: [1, rows, cols] });
      const prod = run('BatchMatMul', { a: w, b: m }, { transposeA: false, transposeB: false });
      return run('Reshape', { x: prod }, { shape: outShape });
    });
    return out;
  };
}

/** Sum over leading axes (see {@link leadingReduction}); replaces the built-in kernel. */
export const sumWasm: KernelFunc = leadingReduction(Sum, false);
/** Mean over leading axes (see {@link leadingReduction}); replaces the built-in kernel. */
export const meanWasm: KernelFunc = leadingReduction(Mean, true);

export const sumWasmConfig: KernelConfig = { kernelName: Sum, backendName: 'wasm', kernelFunc: sumWasm };
export const meanWasmConfig: KernelConfig = { kernelName: Mean, backendName: 'wasm', kernelFunc: meanWasm };
