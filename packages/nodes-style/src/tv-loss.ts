import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode } from '@ganvas/core';
import { LOSS_OUTPUT } from './common.js';

/**
 * Total variation Σ (x[i+1, j] − x[i, j])² + (x[i, j+1] − x[i, j])² over every image and
 * channel: a smoothness prior that removes the high-frequency noise of optimised images.
 */
export function totalVariation(image: tf.Tensor): tf.Scalar {
  if (image.rank !== 4) throw new Error(`total variation: expected images [B, H, W, C], got [${image.shape.join(', ')}]`);
  const [b, h, w, c] = image.shape as [number, number, number, number];
  return tf.tidy(() => {
    const dy = tf.sub(tf.slice(image, [0, 1, 0, 0], [b, h - 1, w, c]), tf.slice(image, [0, 0, 0, 0], [b, h - 1, w, c]));
    const dx = tf.sub(tf.slice(image, [0, 0, 1, 0], [b, h, w - 1, c]), tf.slice(image, [0, 0, 0, 0], [b, h, w - 1, c]));
    return tf.add(tf.sum(tf.square(dy)), tf.sum(tf.square(dx))) as tf.Scalar;
  });
}

export const tvLoss = defineNode({
  type: 'style.tvLoss',
  version: 1,
  category: 'loss',
  title: 'Total variation loss',
  description: 'Σ squared differences of vertically and horizontally adjacent pixels: favours smooth images.',
  params: z.object({}),
  inputs: [{ name: 'image', contract: { role: 'image', shape: ['B', 'H', 'W', 'C'] }, description: 'Images [B, H, W, C].' }],
  outputs: [LOSS_OUTPUT],
  build() {
    return { forward: (inputs) => ({ loss: totalVariation(inputs.tensor('image')) }) };
  },
});
