import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, formatShape } from '@ganvas/core';
import type { Contract } from '@ganvas/core';
import { mapDim, pair, single, zPair } from './common.js';
import { convOutSize } from './conv-shape.js';

export const zMaxPool2dParams = z.object({
  poolSize: zPair.default(2).describe('Window size: n or [height, width].'),
  strides: zPair.default(2).describe('Stride: n or [height, width] (2 with the default 2×2 window: non-overlapping windows).'),
  padding: z
    .enum(['valid', 'same'])
    .default('valid')
    .describe("'valid' drops the border that does not fill a window (VGG, PyTorch's default); 'same' keeps ceil(input/stride)."),
});
export type MaxPool2dParams = z.infer<typeof zMaxPool2dParams>;

/**
 * 2D max pooling over NHWC maps. VGG's 2×2/2 'valid' pooling equals PyTorch's
 * `nn.MaxPool2d(2)` (floor of odd sizes).
 */
export const maxPool2d = defineNode({
  type: 'layers.maxPool2d',
  version: 1,
  category: 'layer',
  title: 'Max pool 2D',
  description: 'Maximum over each pooling window of NHWC feature maps, per channel.',
  params: zMaxPool2dParams,
  inputs: [{ name: 'x', contract: { role: 'tensor', shape: ['B', 'H', 'W', 'C'] }, description: 'Input maps [B, H, W, C].' }],
  outputs: [{ name: 'y', contract: { role: 'tensor', shape: ['B', 'H2', 'W2', 'C'] }, description: 'Pooled maps [B, H′, W′, C].' }],
  infer(ctx) {
    const x = single(ctx.inputs, 'x');
    if (!x?.shape) return { outputs: { y: { role: 'tensor' } } };
    if (x.shape.length !== 4) {
      return { errors: [{ port: 'x', message: `expected [B, H, W, C] (rank 4, NHWC), got ${formatShape(x.shape)}` }] };
    }
    const [kh, kw] = pair(ctx.params.poolSize);
    const [sh, sw] = pair(ctx.params.strides);
    const pad = ctx.params.padding;
    const h = mapDim(x.shape[1]!, ctx.nodeId, false, (n) => convOutSize(n, kh, sh, pad));
    const w = mapDim(x.shape[2]!, ctx.nodeId, false, (n) => convOutSize(n, kw, sw, pad));
    if ((typeof h === 'number' && h < 1) || (typeof w === 'number' && w < 1)) {
      return { errors: [{ port: 'x', message: `input ${formatShape(x.shape)} is smaller than the ${kh}×${kw} pooling window` }] };
    }
    const y: Contract = { role: x.role === 'image' ? 'tensor' : x.role, dtype: 'float32', shape: [x.shape[0]!, h, w, x.shape[3]!] };
    return { outputs: { y } };
  },
  build(ctx) {
    const size = pair(ctx.params.poolSize);
    const strides = pair(ctx.params.strides);
    const padding = ctx.params.padding;
    return {
      forward: (inputs) => ({ y: tf.maxPool(inputs.tensor('x') as tf.Tensor4D, size, strides, padding) }),
    };
  },
});
