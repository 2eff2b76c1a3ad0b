import { Identity, type IdentityInputs, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Identity for wasm that shares the input's buffer (one more reference) instead of
 * copying it, as tfjs' cpu backend does. tfjs calls Identity for every `tf.clone`,
 * `keep`-style copy and gradient pass-through: ~200 copies per DCGAN step. Sharing is
 * safe because no wasm kernel writes into its inputs, and disposal is reference-counted.
 */
export const identityWasm: KernelFunc = ({ inputs, backend }) => {
  const { x } = inputs as IdentityInputs;
  if (x === undefined) throw new Error('Identity needs x');
  (backend as BackendWasm).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
};

/** Registration record for {@link identityWasm}; replaces the built-in (copying) kernel. */
export const identityWasmConfig: KernelConfig = {
  kernelName: Identity,
  backendName: 'wasm',
  kernelFunc: identityWasm,
};
