import {
  backend_util,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropFilterInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { composeKernels } from './compose.js';

/**
 * Gradient of a 2-D convolution with respect to its filter, for the wasm backend,
 * which ships none (so no convnet could train there).
 *
 * The forward conv computes y[b,i,j,o] = Σ x̂[b, i·s+p, j·s+q, c] · w[p,q,c,o] over the
 * padded input x̂. Hence dw[p,q,c,o] = Σ_{b,i,j} x̂[b, i·s+p, j·s+q, c] · dy[b,i,j,o],
 * which is itself a forward convolution: treat the channels c of x̂ as the batch and
 * its batch b as the channels (x̂ transposed to [C_in, H, W, B]), use dy transposed to
 * [h, w, B, C_out] as the filter, with dilation s and stride 1. The fast XNNPACK conv
 * then does all the work; the output [C_in, fh, fw, C_out] is transposed into place.
 */
export const conv2DBackpropFilterWasm: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, dy } = inputs as Conv2DBackpropFilterInputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
  if (x === undefined || dy === undefined) throw new Error('Conv2DBackpropFilter needs x and dy');
  if (dataFormat === 'NCHW') throw new Error('wasm Conv2DBackpropFilter supports only NHWC');
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const wasm = backend as BackendWasm;
  const [batch, height, width, inChannels] = x.shape as [number, number, number, number];
  const [, outHeight, outWidth] = dy.shape as [number, number, number, number];
  const rows = paddedExtent(outHeight, info.strideHeight, info.filterHeight, info.padInfo.top, height);
  const cols = paddedExtent(outWidth, info.strideWidth, info.filterWidth, info.padInfo.left, width);

  if (rows.keep <= 0 || cols.keep <= 0) {
    // Every window lies in the padding: the filter never saw real input.
    return zeros(wasm, filterShape);
  }

  return composeKernels(wasm, (run) => {
    let xs: TensorInfo = x;
    if (rows.keep < height || cols.keep < width) {
      // Rows/columns past the last window do not contribute; drop them so that the
      // gradient conv produces exactly fh × fw outputs.
      xs = run('Slice', { x: xs }, { begin: [0, 0, 0, 0], size: [batch, rows.keep, cols.keep, inChannels] });
    }
    if (rows.before + rows.after + cols.before + cols.after > 0) {
      const paddings = [[0, 0], [rows.before, rows.after], [cols.before, cols.after], [0, 0]];
      xs = run('PadV2', { x: xs }, { paddings, constantValue: 0 });
    }
    const xT = run('Transpose', { x: xs }, { perm: [3, 1, 2, 0] });
    const dyT = run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
    const grad = run(
      'Conv2D',
      { x: xT, filter: dyT },
      { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [info.strideHeight, info.strideWidth] },
    );
    return run('Transpose', { x: grad }, { perm: [1, 2, 0, 3] });
  });
};

/** Padding and cropping along one spatial axis. */
interface Extent {
  /** Zero rows to add before the input. */
  before: number;
  /** Input rows to keep (the rest never falls in a window). */
  keep: number;
  /** Zero rows to add after the kept input. */
  after: number;
}

/**
 * The forward conv read padded rows 0 … (out−1)·stride + filter − 1. Only `before`
 * comes from the conv's padding; the far side is padded or cropped to that exact
 * extent, which covers 'same', 'valid', explicit and numeric padding alike.
 */
function paddedExtent(out: number, stride: number, filter: number, before: number, size: number): Extent {
  const needed = (out - 1) * stride + filter;
  const keep = Math.min(size, needed - before);
  return { before, keep, after: Math.max(0, needed - before - Math.max(keep, 0)) };
}

function zeros(backend: BackendWasm, shape: number[]): TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  backend.typedArrayFromHeap(out).fill(0);
  return out;
}

/** Registration record for {@link conv2DBackpropFilterWasm}. */
export const conv2DBackpropFilterWasmConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilterWasm,
};
