import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode } from '@ganvas/core';
import { activationInfer, activationPorts } from './activation.js';

export const zLeakyReluParams = z.object({
  alpha: z.number().min(0).max(1).default(0.2).describe('Slope for negative inputs.'),
});

export const leakyRelu = defineNode({
  type: 'layers.leakyRelu',
  version: 1,
  category: 'layer',
  title: 'Leaky ReLU',
  description: 'x for x > 0, alpha·x otherwise.',
  params: zLeakyReluParams,
  ...activationPorts,
  docs:
    "Computed as alpha·x + (1 − alpha)·relu(x): tfjs's own leakyRelu has no second-order gradient, " +
    'and gradient penalties differentiate the gradient.',
  infer: activationInfer(undefined),
  build(ctx) {
    const a = ctx.params.alpha;
    return {
      forward(inputs) {
        const x = inputs.tensor('x');
        return { y: tf.add(tf.mul(x, a), tf.mul(tf.relu(x), 1 - a)) };
      },
    };
  },
});
