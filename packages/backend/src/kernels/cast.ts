import { Cast, type CastAttrs, type CastInputs, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { builtinKernel } from './builtin.js';

/**
 * Cast for wasm that shares the buffer when the dtype does not change (tfjs' gradient
 * code casts float32 to float32 ~30 times per DCGAN step; the built-in copies each time).
 * Real conversions go to the built-in kernel.
 */
export const castWasm: KernelFunc = (args) => {
  const { x } = args.inputs as CastInputs;
  const { dtype } = args.attrs as unknown as CastAttrs;
  if (x === undefined) throw new Error('Cast needs x');
  if (x.dtype !== dtype || dtype === 'string' || dtype === 'complex64') return builtinKernel(Cast)(args);
  (args.backend as BackendWasm).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype };
};

/** Registration record for {@link castWasm}; replaces the built-in kernel. */
export const castWasmConfig: KernelConfig = { kernelName: Cast, backendName: 'wasm', kernelFunc: castWasm };
