import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import type { LrDecayParams } from './lrDecay.js';
import { defineOptimizerNode } from './optimizerNode.js';
import { SlotOptimizer, type UpdateRule } from './slots.js';

const zParams = z.object({
  lr: z.number().positive().default(5e-5).describe('Learning rate (5e-5 is the WGAN default).'),
  alpha: z.number().min(0).lt(1).default(0.99).describe('Decay of the running average of squared gradients.'),
  eps: z.number().positive().default(1e-8).describe('Added to the root (outside the sqrt, as PyTorch does).'),
  momentum: z.number().min(0).default(0).describe('Momentum factor on the scaled update (0: none).'),
  centered: z.boolean().default(false).describe('Divide by the estimated variance (E[g²] − E[g]²) instead of E[g²].'),
  weightDecay: z.number().min(0).default(0).describe('L2 penalty added to the gradient (g + λ·θ).'),
});
export type RmspropParams = z.infer<typeof zParams> & LrDecayParams;

/** torch.optim.RMSprop, step by step. */
export function rmspropOptimizer(p: RmspropParams, owner: string): SlotOptimizer {
  const slots = ['square', ...(p.centered ? ['gradAvg'] : []), ...(p.momentum > 0 ? ['momentum'] : [])];
  const rule: UpdateRule = (theta, grad, s, _step, lrFactor) => {
    const lr = p.lr * lrFactor;
    const g = p.weightDecay !== 0 ? tf.add(grad, tf.mul(theta, p.weightDecay)) : grad;
    const square = s['square']!;
    square.assign(tf.add(tf.mul(square, p.alpha), tf.mul(tf.mul(g, g), 1 - p.alpha)));
    let avg: tf.Tensor;
    if (p.centered) {
      const gradAvg = s['gradAvg']!;
      gradAvg.assign(tf.add(tf.mul(gradAvg, p.alpha), tf.mul(g, 1 - p.alpha)));
      avg = tf.add(tf.sqrt(tf.sub(square, tf.mul(gradAvg, gradAvg))), p.eps);
    } else {
      avg = tf.add(tf.sqrt(square), p.eps);
    }
    if (p.momentum > 0) {
      const buf = s['momentum']!;
      buf.assign(tf.add(tf.mul(buf, p.momentum), tf.div(g, avg)));
      theta.assign(tf.sub(theta, tf.mul(buf, lr)));
    } else {
      theta.assign(tf.sub(theta, tf.mul(tf.div(g, avg), lr)));
    }
  };
  return new SlotOptimizer(owner, slots, rule, p.lrDecay);
}

export const rmsprop = defineOptimizerNode({
  type: 'optim.rmsprop',
  title: 'RMSprop',
  description:
    'RMSprop with PyTorch semantics: s ← α·s + (1−α)·g²; a ← √(s − ḡ²) (centered, ḡ ← α·ḡ + (1−α)·g) or √s, then + ε; b ← μ·b + g/a, θ ← θ − lr·b (or θ ← θ − lr·g/a without momentum).',
  docs: [
    'Matches `torch.optim.RMSprop(params, lr, alpha, eps, weight_decay, momentum, centered)` update for update.',
    'Unlike `tf.train.rmsprop`, ε is added to the root, not inside it. The defaults are the WGAN ones',
    '(lr 5e-5, no momentum).',
    '',
    'State (checkpointed): `square/<i>`, `gradAvg/<i>` (centered), `momentum/<i>` (momentum > 0), and the step count.',
  ].join('\n'),
  params: zParams,
  make: rmspropOptimizer,
});
