import { type KernelConfig, type KernelFunc, PadV2, type PadV2Attrs, type PadV2Inputs } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { builtinKernel } from './builtin.js';
import { copyBox } from './strided-copy.js';

/**
 * Constant padding for wasm: fill, then copy the input in whole rows. The built-in C++
 * loop goes element by element through a generic index computation (3 ms for a
 * [64,28,28,1] batch, which every numeric-padding conv layer pads each step).
 */
export const padV2Wasm: KernelFunc = (args) => {
  const { inputs, attrs, backend } = args;
  const { x } = inputs as PadV2Inputs;
  if (x === undefined) throw new Error('PadV2 needs x');
  if (x.dtype !== 'float32' && x.dtype !== 'int32') return builtinKernel(PadV2)(args);
  const { paddings, constantValue } = attrs as unknown as PadV2Attrs;
  const outShape = x.shape.map((d, i) => paddings[i]![0] + d + paddings[i]![1]);
  const wasm = backend as BackendWasm;
  const out = wasm.makeOutput(outShape, x.dtype);
  const dst = wasm.typedArrayFromHeap(out) as Float32Array;
  dst.fill(constantValue);
  copyBox(wasm.typedArrayFromHeap(x) as Float32Array, dst, {
    size: x.shape,
    srcShape: x.shape,
    srcBegin: x.shape.map(() => 0),
    dstShape: outShape,
    dstBegin: paddings.map((p) => p[0]),
  });
  return out;
};

/** Registration record for {@link padV2Wasm}; replaces the built-in kernel. */
export const padV2WasmConfig: KernelConfig = { kernelName: PadV2, backendName: 'wasm', kernelFunc: padV2Wasm };
