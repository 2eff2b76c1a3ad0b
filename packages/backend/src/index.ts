/**
 * @packageDocumentation
 * Picks and prepares the TensorFlow.js backend, and adds the kernels the wasm backend
 * needs for training. The public API is this explicit list.
 */
export type { BackendAvailability, BackendChoice, BackendInfo, SelectBackendOptions } from './backend-info.js';
export { BackendError, backendErrorCodes } from './errors.js';
export { listBackends } from './list-backends.js';
export { selectBackend } from './select-backend.js';
export {
  registerWasmTrainingKernels,
  type WasmTrainingKernel,
  wasmTrainingKernels,
} from './register-wasm-training-kernels.js';
export { batchMatMulWasm } from './kernels/batch-mat-mul.js';
export { conv2DBackpropFilterWasm } from './kernels/conv2d-backprop-filter.js';
export { castWasm } from './kernels/cast.js';
export { identityWasm } from './kernels/identity.js';
export { padV2Wasm } from './kernels/pad.js';
export { sliceWasm } from './kernels/slice.js';
export { conv2DBackpropInputWasm } from './kernels/conv2d-backprop-input.js';
export { unsortedSegmentSumWasm } from './kernels/unsorted-segment-sum.js';
export { wasmBinaryDirectory } from './wasm-setup.js';
