import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, formatShape } from '@ganvas/core';
import type { Contract } from '@ganvas/core';
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
import { convOutSize, zPadding } from './conv-shape.js';
import { plainKernel, spectralNormDocs, spectralNormKernel, zSpectralNormFields } from './spectral-norm.js';

export const zConv2dParams = z.object({
  filters: z.number().int().positive().describe('Number of output channels.'),
  kernelSize: zPair.default(3).describe('Kernel size: n or [height, width].'),
  strides: zPair.default(1).describe('Stride: n or [height, width].'),
  padding: zPadding
    .default('same')
    .describe("'same' (output = ceil(input/stride)), 'valid' (no padding) or p zeros on every side as in PyTorch."),
  useBias: zUseBias,
  init: zInitKind,
  initStd: zInitStd,
  ...zSpectralNormFields,
});
export type Conv2dParams = z.infer<typeof zConv2dParams>;

const TYPE = 'layers.conv2d';

export const conv2d = defineNode({
  type: TYPE,
  version: 1,
  category: 'layer',
  title: 'Conv 2D',
  description: 'Two-dimensional convolution over NHWC feature maps, with optional bias.',
  params: zConv2dParams,
  lint: biasLint,
  docs: `Weights are [kh, kw, C, filters] (PyTorch's Conv2d weight permuted 2,3,1,0). ${spectralNormDocs}`,
  inputs: [{ name: 'x', contract: { role: 'tensor', shape: ['B', 'H', 'W', 'C'] }, description: 'Input maps [B, H, W, C].' }],
  outputs: [{ name: 'y', contract: { role: 'tensor', shape: ['B', 'H2', 'W2', 'F'] }, description: 'Output maps [B, H′, W′, filters].' }],
  infer(ctx) {
    const x = single(ctx.inputs, 'x');
    const p = ctx.params;
    if (!x?.shape) return { outputs: { y: { role: 'tensor' } } };
    if (x.shape.length !== 4) {
      return { errors: [{ port: 'x', message: `expected [B, H, W, C] (rank 4, NHWC), got ${formatShape(x.shape)}` }] };
    }
    const [kh, kw] = pair(p.kernelSize);
    const [sh, sw] = pair(p.strides);
    const sameKeeps = (s: number) => p.padding === 'same' && s === 1;
    const h = mapDim(x.shape[1]!, ctx.nodeId, sameKeeps(sh), (n) => convOutSize(n, kh, sh, p.padding));
    const w = mapDim(x.shape[2]!, ctx.nodeId, sameKeeps(sw), (n) => convOutSize(n, kw, sw, p.padding));
    if ((typeof h === 'number' && h < 1) || (typeof w === 'number' && w < 1)) {
      return {
        errors: [
          {
            port: 'x',
            message: `input ${formatShape(x.shape)} is too small for kernel ${kh}×${kw}, stride ${sh}×${sw}, padding ${p.padding}`,
          },
        ],
      };
    }
    const y: Contract = { role: 'tensor', dtype: 'float32', shape: [x.shape[0]!, h, w, p.filters] };
    return { outputs: { y } };
  },
  build(ctx) {
    const p = ctx.params;
    const x = single(ctx.inputs, 'x');
    const cin = concreteDim(TYPE, 'x', x?.shape, -1, 'the channel count C');
    const [kh, kw] = pair(p.kernelSize);
    const strides = pair(p.strides);
    const fanIn = kh * kw * cin;
    const kernel = ctx.weight('kernel', [kh, kw, cin, p.filters], kernelInitializer(p.init, p.initStd, fanIn, kh * kw * p.filters));
    const bias = p.useBias ? ctx.weight('bias', [p.filters], biasInitializer(p.init, fanIn)) : undefined;
    // PyTorch's Conv2d weight is [filters, C, kh, kw]: its dim 0, the output channels, is our axis 3.
    const kernelFor = p.spectralNorm ? spectralNormKernel(ctx, kernel, 3, p.powerIterations) : plainKernel(kernel);
    const padding = p.padding;
    return {
      forward(inputs, fctx) {
        const input = inputs.tensor('x') as tf.Tensor4D;
        // A number is PyTorch's symmetric zero padding, handed to the kernel as explicit
        // padding (no padded copy of the input, and its gradient needs no crop).
        const pad: 'same' | 'valid' | tf.backend_util.ExplicitPadding =
          typeof padding === 'number' ? (padding > 0 ? [[0, 0], [padding, padding], [padding, padding], [0, 0]] : 'valid') : padding;
        const out = tf.conv2d(input, kernelFor(fctx) as tf.Tensor4D, strides, pad as never);
        return { y: bias ? tf.add(out, bias) : out };
      },
    };
  },
});
