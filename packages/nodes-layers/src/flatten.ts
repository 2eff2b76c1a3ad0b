import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, formatShape, sizeOf } from '@ganvas/core';
import { derivedSymbol, single } from './common.js';

export const zFlattenParams = z.object({});

export const flatten = defineNode({
  type: 'layers.flatten',
  version: 1,
  category: 'layer',
  title: 'Flatten',
  description: 'Flatten each example to a vector: [B, H, W, C] → [B, H·W·C].',
  params: zFlattenParams,
  inputs: [{ name: 'x', contract: { role: 'tensor' }, description: 'Any tensor with a leading batch dim.' }],
  outputs: [{ name: 'y', contract: { role: 'tensor', shape: ['B', 'F'] }, description: 'Features [B, F].' }],
  infer(ctx) {
    const x = single(ctx.inputs, 'x');
    if (!x?.shape) return { outputs: { y: { role: 'tensor', shape: ['B', derivedSymbol('F', ctx.nodeId)] } } };
    if (x.shape.length < 1) {
      return { errors: [{ port: 'x', message: `expected a tensor with a batch dim, got ${formatShape(x.shape)}` }] };
    }
    const rest = x.shape.slice(1);
    const n = sizeOf(rest) ?? derivedSymbol('F', ctx.nodeId);
    // Spatial structure is gone: an image becomes features.
    const role = x.role === 'image' ? 'features' : x.role;
    return { outputs: { y: { role, dtype: x.dtype ?? 'float32', shape: [x.shape[0]!, n] } } };
  },
  build() {
    return {
      forward(inputs) {
        const x = inputs.tensor('x');
        return { y: tf.reshape(x, [x.shape[0]!, -1]) };
      },
    };
  },
});
