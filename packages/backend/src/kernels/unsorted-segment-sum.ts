import {
  type KernelConfig,
  type KernelFunc,
  UnsortedSegmentSum,
  type UnsortedSegmentSumAttrs,
  type UnsortedSegmentSumInputs,
  util,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Sums the rows of `x` into `numSegments` buckets chosen by `segmentIds`, for the wasm
 * backend, which lacks it. tfjs needs it for the gradient of `gather` (embeddings,
 * class-conditional lookups), so without it those models cannot train on wasm.
 *
 * Written as one pass over the data rather than a composition (one-hot × matmul):
 * that would cost numSegments times more work and only handle float32. Ids outside
 * [0, numSegments) are dropped, as TensorFlow does.
 */
export const unsortedSegmentSumWasm: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, segmentIds } = inputs as UnsortedSegmentSumInputs;
  const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs;
  if (x === undefined || segmentIds === undefined) throw new Error('UnsortedSegmentSum needs x and segmentIds');
  const wasm = backend as BackendWasm;
  // readSync copies out of the wasm heap, so these stay valid after makeOutput,
  // which may grow (and so detach) the heap.
  const values = wasm.readSync(x.dataId) as Float32Array | Int32Array;
  const ids = wasm.readSync(segmentIds.dataId) as Int32Array | Float32Array;
  const innerShape = x.shape.slice(segmentIds.shape.length);
  const inner = util.sizeFromShape(innerShape);
  const out = wasm.makeOutput([numSegments, ...innerShape], x.dtype);
  const sums = wasm.typedArrayFromHeap(out);
  sums.fill(0);
  for (let row = 0; row < ids.length; row++) {
    const id = ids[row] ?? -1;
    if (id < 0 || id >= numSegments) continue;
    const from = row * inner;
    const to = id * inner;
    for (let k = 0; k < inner; k++) sums[to + k] = (sums[to + k] ?? 0) + (values[from + k] ?? 0);
  }
  return out;
};

/** Registration record for {@link unsortedSegmentSumWasm}. */
export const unsortedSegmentSumWasmConfig: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSumWasm,
};
