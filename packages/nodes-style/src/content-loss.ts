import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode } from '@ganvas/core';
import { LOSS_OUTPUT, sameShape } from './common.js';

/** L_content = ½ Σ (F − P)², summed over every element (batch included). */
export function contentLoss(features: tf.Tensor, target: tf.Tensor): tf.Scalar {
  sameShape('content loss', features, target);
  return tf.tidy(() => tf.mul(tf.sum(tf.square(tf.sub(features, target))), 0.5) as tf.Scalar);
}

export const contentLossNode = defineNode({
  type: 'style.contentLoss',
  version: 1,
  category: 'loss',
  title: 'Content loss',
  description: 'L_content = ½·Σ(F − P)²: squared distance between the generated image’s features F and the content image’s features P at one layer.',
  params: z.object({}),
  inputs: [
    { name: 'features', contract: { role: 'features', shape: ['B', 'H', 'W', 'C'] }, description: 'Features F of the generated image.' },
    { name: 'target', contract: { role: 'features', shape: ['B', 'H', 'W', 'C'] }, description: 'Features P of the content image (same layer).' },
  ],
  outputs: [LOSS_OUTPUT],
  build() {
    return { forward: (inputs) => ({ loss: contentLoss(inputs.tensor('features'), inputs.tensor('target')) }) };
  },
});
