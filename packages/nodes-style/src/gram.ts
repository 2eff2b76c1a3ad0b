import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, formatShape } from '@ganvas/core';

/**
 * Gram matrices of feature maps: with X the C×HW matrix of one image's features (C channels,
 * M = H·W positions), G = X·Xᵀ, so G_ij = Σ_k F_ik F_jk — un-normalised, as in Gatys et al.
 * (the style loss divides by 4·C²·M²).
 */
export function gramMatrix(features: tf.Tensor): tf.Tensor3D {
  if (features.rank !== 4) throw new Error(`gram matrix: expected features [B, H, W, C], got [${features.shape.join(', ')}]`);
  const [b, h, w, c] = features.shape as [number, number, number, number];
  return tf.tidy(() => {
    const x = tf.reshape(features, [b, h * w, c]) as tf.Tensor3D;
    return tf.matMul(x, x, true, false);
  });
}

export const gram = defineNode({
  type: 'style.gram',
  version: 1,
  category: 'math',
  title: 'Gram matrix',
  description: 'G = X·Xᵀ per image, X = the C×(H·W) matrix of the feature maps: channel correlations, where the style lives.',
  params: z.object({}),
  inputs: [{ name: 'features', contract: { role: 'features', shape: ['B', 'H', 'W', 'C'] }, description: 'Feature maps [B, H, W, C].' }],
  outputs: [{ name: 'gram', contract: { role: 'features', shape: ['B', 'C', 'C'] }, description: 'Gram matrices [B, C, C] (un-normalised).' }],
  infer(ctx) {
    const f = ctx.inputs['features'];
    const shape = Array.isArray(f) ? f[0]?.shape : f?.shape;
    if (shape && shape.length !== 4) {
      return { errors: [{ port: 'features', message: `expected feature maps [B, H, W, C], got ${formatShape(shape)}` }] };
    }
    return { outputs: ctx.declaredOutputs };
  },
  build() {
    return { forward: (inputs) => ({ gram: gramMatrix(inputs.tensor('features')) }) };
  },
});
