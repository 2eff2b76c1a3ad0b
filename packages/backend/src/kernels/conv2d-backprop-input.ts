import {
  backend_util,
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type Conv2DBackpropInputInputs,
  type KernelConfig,
  type KernelFunc,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { composeKernels } from './compose.js';

/**
 * Gradient of a 2-D convolution with respect to its input (also the forward pass of
 * `conv2dTranspose`), replacing wasm's own kernel, a direct loop that took ~70 % of a
 * DCGAN discriminator step.
 *
 * Each dy[b,i,j,:] contributes dy[b,i,j,:] · w[p,q,:,:]ᵀ to dx[b, i·s+p−top, j·s+q−left, :].
 * So: one XNNPACK matmul cols = dy[B·h·w, C_out] × w[fh·fw·C_in, C_out]ᵀ computes every
 * contribution, and a single JavaScript pass (col2im) adds them into place. The matmul
 * does exactly the useful multiplications, unlike a convolution over a zero-upsampled dy
 * that would waste stride² of them.
 */
export const conv2DBackpropInputWasm: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, filter } = inputs as Conv2DBackpropInputInputs;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as Conv2DBackpropInputAttrs;
  if (dy === undefined || filter === undefined) throw new Error('Conv2DBackpropInput needs dy and filter');
  if (dataFormat === 'NCHW') throw new Error('wasm Conv2DBackpropInput supports only NHWC');
  const info = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const wasm = backend as BackendWasm;
  const [batch, outH, outW, outC] = dy.shape as [number, number, number, number];
  const [fh, fw, inC] = filter.shape as [number, number, number, number];

  const cols = composeKernels(wasm, (run) => {
    const a = run('Reshape', { x: dy }, { shape: [1, batch * outH * outW, outC] });
    // Transpose explicitly: wasm's BatchMatMul with transposeB is ~10× slower than
    // a Transpose followed by a plain matmul (measured 615 ms vs 55 ms here).
    const w = run('Reshape', { x: filter }, { shape: [fh * fw * inC, outC] });
    const wT = run('Transpose', { x: w }, { perm: [1, 0] });
    const b = run('Reshape', { x: wT }, { shape: [1, outC, fh * fw * inC] });
    return run('BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
  });
  // Copy out before makeOutput: growing the heap would detach a view.
  const colValues = wasm.readSync(cols.dataId) as Float32Array;
  wasm.disposeData(cols.dataId);

  const out = wasm.makeOutput(inputShape, 'float32');
  const dx = wasm.typedArrayFromHeap(out) as Float32Array;
  dx.fill(0);
  col2im(colValues, dx, {
    batch, outH, outW, fh, fw, inC,
    height: inputShape[1], width: inputShape[2],
    strideH: info.strideHeight, strideW: info.strideWidth,
    top: info.padInfo.top, left: info.padInfo.left,
  });
  return out;
};

interface Col2ImShape {
  batch: number; outH: number; outW: number; fh: number; fw: number; inC: number;
  height: number; width: number; strideH: number; strideW: number; top: number; left: number;
}

/** Adds each row of `cols` ([B·h·w, fh·fw·C_in]) into the input positions its window covers. */
function col2im(cols: Float32Array, dx: Float32Array, s: Col2ImShape): void {
  const rowLen = s.fh * s.fw * s.inC;
  let row = 0;
  for (let b = 0; b < s.batch; b++) {
    const imageBase = b * s.height * s.width * s.inC;
    for (let i = 0; i < s.outH; i++) {
      for (let j = 0; j < s.outW; j++, row++) {
        const rowBase = row * rowLen;
        for (let p = 0; p < s.fh; p++) {
          const r = i * s.strideH + p - s.top;
          if (r < 0 || r >= s.height) continue;
          for (let q = 0; q < s.fw; q++) {
            const c = j * s.strideW + q - s.left;
            if (c < 0 || c >= s.width) continue;
            const to = imageBase + (r * s.width + c) * s.inC;
            const from = rowBase + (p * s.fw + q) * s.inC;
            for (let k = 0; k < s.inC; k++) dx[to + k]! += cols[from + k]!;
          }
        }
      }
    }
  }
}

/** Registration record for {@link conv2DBackpropInputWasm}; replaces the built-in kernel. */
export const conv2DBackpropInputWasmConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInputWasm,
};
