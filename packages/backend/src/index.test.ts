import { expect, it } from 'vitest';
import * as api from './index.js';

// The public API is pinned: changing it should be a visible, deliberate edit here.
it('exports exactly the documented API', () => {
  expect(Object.keys(api).sort()).toEqual([
    'BackendError',
    'backendErrorCodes',
    'batchMatMulWasm',
    'castWasm',
    'conv2DBackpropFilterWasm',
    'conv2DBackpropInputWasm',
    'identityWasm',
    'listBackends',
    'padV2Wasm',
    'registerWasmTrainingKernels',
    'selectBackend',
    'sliceWasm',
    'unsortedSegmentSumWasm',
    'wasmBinaryDirectory',
    'wasmTrainingKernels',
  ]);
});
