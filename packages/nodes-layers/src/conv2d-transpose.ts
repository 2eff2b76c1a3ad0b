import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, formatShape } from '@ganvas/core';
import {
  biasInitializer,
  concreteDim,
  kernelInitializer,
  mapDim,
  pair,
  single,
  zInitKind,
  zInitStd,
  zPair,
  zUseBias,
  biasLint,
} from './common.js';
import { convTransposeOutSize, zPadding } from './conv-shape.js';
import type { Padding } from './conv-shape.js';
import { plainKernel, spectralNormDocs, spectralNormKernel, zSpectralNormFields } from './spectral-norm.js';

export const zConv2dTransposeParams = z.object({
  filters: z.number().int().positive().describe('Number of output channels.'),
  kernelSize: zPair.default(4).describe('Kernel size: n or [height, width].'),
  strides: zPair.default(2).describe('Stride (upsampling factor): n or [height, width].'),
  padding: zPadding
    .default(1)
    .describe(
      "'same' (output = input·stride), 'valid' (output = (input−1)·stride + kernel) or p as in PyTorch's " +
        'ConvTranspose2d(padding=p): output = (input−1)·stride − 2p + kernel + outputPadding.',
    ),
  outputPadding: z
    .number()
    .int()
    .nonnegative()
    .default(0)
    .describe("Extra rows/columns added at the bottom/right (PyTorch's output_padding); must be < stride."),
  useBias: zUseBias,
  init: zInitKind,
  initStd: zInitStd,
  ...zSpectralNormFields,
});
export type Conv2dTransposeParams = z.infer<typeof zConv2dTransposeParams>;

const TYPE = 'layers.conv2dTranspose';

function paramProblem(p: Conv2dTransposeParams): string | undefined {
  const [sh, sw] = pair(p.strides);
  if (p.outputPadding >= Math.min(sh, sw)) {
    return `outputPadding ${p.outputPadding} must be smaller than the stride ${sh}×${sw}`;
  }
  if (p.padding === 'same' && p.outputPadding !== 0) {
    return "outputPadding needs a 'valid' or numeric padding; 'same' already gives input·stride";
  }
  return undefined;
}

/**
 * Per-axis plan: tfjs computes a 'valid' transposed conv of length `full`, then we keep
 * `[start, start + out)`. With a number p this reproduces PyTorch exactly: PyTorch's result is
 * the full (n−1)·s + k output with p cut from the start and p − outputPadding from the end.
 */
function axisPlan(n: number, k: number, s: number, padding: Padding, outputPadding: number) {
  const out = convTransposeOutSize(n, k, s, padding, outputPadding);
  if (padding === 'same') return { full: out, start: 0, out };
  const p = padding === 'valid' ? 0 : padding;
  // outputPadding beyond p needs rows past the full output; tfjs adds them (< stride) as zeros.
  const full = (n - 1) * s + k + Math.max(0, outputPadding - p);
  return { full, start: p, out };
}

export const conv2dTranspose = defineNode({
  type: TYPE,
  version: 1,
  category: 'layer',
  title: 'Conv 2D transpose',
  description: 'Transposed ("fractionally strided") convolution over NHWC maps, for upsampling in generators.',
  params: zConv2dTransposeParams,
  lint: biasLint,
  inputs: [{ name: 'x', contract: { role: 'tensor', shape: ['B', 'H', 'W', 'C'] }, description: 'Input maps [B, H, W, C].' }],
  outputs: [{ name: 'y', contract: { role: 'tensor', shape: ['B', 'H2', 'W2', 'F'] }, description: 'Output maps [B, H′, W′, filters].' }],
  docs:
    'Weights are [kh, kw, filters, C] (the tfjs layout). PyTorch ConvTranspose2d weights [C, filters, kh, kw] ' +
    'map to it by a transpose (1,2,3,0 → 2,3,1,0) without flipping the kernel. DCGAN uses kernel 4, stride 2, ' +
    'padding 1: 7 → 14 → 28. Spectral normalisation treats the filters axis as the output channels, as PyTorch ' +
    '(dim=1 of its weight). ' +
    spectralNormDocs,
  infer(ctx) {
    const x = single(ctx.inputs, 'x');
    const p = ctx.params;
    const problem = paramProblem(p);
    if (problem) return { errors: [{ message: problem }] };
    if (!x?.shape) return { outputs: { y: { role: 'tensor' } } };
    if (x.shape.length !== 4) {
      return { errors: [{ port: 'x', message: `expected [B, H, W, C] (rank 4, NHWC), got ${formatShape(x.shape)}` }] };
    }
    const [kh, kw] = pair(p.kernelSize);
    const [sh, sw] = pair(p.strides);
    const h = mapDim(x.shape[1]!, ctx.nodeId, false, (n) => convTransposeOutSize(n, kh, sh, p.padding, p.outputPadding));
    const w = mapDim(x.shape[2]!, ctx.nodeId, false, (n) => convTransposeOutSize(n, kw, sw, p.padding, p.outputPadding));
    if ((typeof h === 'number' && h < 1) || (typeof w === 'number' && w < 1)) {
      return {
        errors: [{ port: 'x', message: `padding ${p.padding} leaves no output for input ${formatShape(x.shape)} and kernel ${kh}×${kw}` }],
      };
    }
    return { outputs: { y: { role: 'tensor', dtype: 'float32', shape: [x.shape[0]!, h, w, p.filters] } } };
  },
  build(ctx) {
    const p = ctx.params;
    const problem = paramProblem(p);
    if (problem) throw new Error(`${TYPE}: ${problem}`);
    const x = single(ctx.inputs, 'x');
    const cin = concreteDim(TYPE, 'x', x?.shape, -1, 'the channel count C');
    const [kh, kw] = pair(p.kernelSize);
    const [sh, sw] = pair(p.strides);
    // PyTorch computes a transposed conv's fan-in from weight dim 1, i.e. the output channels.
    const fanIn = kh * kw * p.filters;
    const kernel = ctx.weight(
      'kernel',
      [kh, kw, p.filters, cin],
      kernelInitializer(p.init, p.initStd, fanIn, kh * kw * cin),
    );
    const bias = p.useBias ? ctx.weight('bias', [p.filters], biasInitializer(p.init, fanIn)) : undefined;
    // PyTorch normalises a ConvTranspose2d weight [C, filters, kh, kw] along dim 1, the output
    // channels: our axis 2.
    const kernelFor = p.spectralNorm ? spectralNormKernel(ctx, kernel, 2, p.powerIterations) : plainKernel(kernel);
    return {
      forward(inputs, fctx) {
        const w = kernelFor(fctx) as tf.Tensor4D;
        const input = inputs.tensor('x') as tf.Tensor4D;
        const [b, hin, win] = input.shape;
        const ph = axisPlan(hin, kh, sh, p.padding, p.outputPadding);
        const pw = axisPlan(win, kw, sw, p.padding, p.outputPadding);
        const op = p.outputPadding;
        if (typeof p.padding === 'number' && p.padding > 0 && op <= p.padding) {
          // PyTorch's padding p is the forward conv's padding [p, p − outputPadding]: handing it
          // to the kernel computes exactly the kept window, with no wasted rows and no crop.
          const q = p.padding;
          const explicit: tf.backend_util.ExplicitPadding = [[0, 0], [q, q - op], [q, q - op], [0, 0]];
          const y = tf.conv2dTranspose(input, w, [b, ph.out, pw.out, p.filters], [sh, sw], explicit as never);
          return { y: bias ? tf.add(y, bias) : y };
        }
        const pad = p.padding === 'same' ? 'same' : 'valid';
        let out: tf.Tensor4D = tf.conv2dTranspose(input, w, [b, ph.full, pw.full, p.filters], [sh, sw], pad);
        if (ph.start !== 0 || pw.start !== 0 || ph.out !== ph.full || pw.out !== pw.full) {
          out = tf.slice(out, [0, ph.start, pw.start, 0], [b, ph.out, pw.out, p.filters]);
        }
        return { y: bias ? tf.add(out, bias) : out };
      },
    };
  },
});
