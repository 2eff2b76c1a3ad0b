import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import type { LrDecayParams } from './lrDecay.js';
import { defineOptimizerNode } from './optimizerNode.js';
import { SlotOptimizer, type UpdateRule } from './slots.js';

const zParams = z.object({
  lr: z.number().positive().default(2e-4).describe('Learning rate.'),
  beta1: z.number().min(0).lt(1).default(0.5).describe('Decay of the first-moment (mean) estimate.'),
  beta2: z.number().min(0).lt(1).default(0.999).describe('Decay of the second-moment (uncentred variance) estimate.'),
  eps: z.number().positive().default(1e-8).describe('Added to the bias-corrected √v in the denominator.'),
  weightDecay: z.number().min(0).default(0).describe('L2 penalty added to the gradient (g + λ·θ), as torch.optim.Adam; not decoupled AdamW.'),
});
export type AdamParams = z.infer<typeof zParams> & LrDecayParams;

/** torch.optim.Adam (amsgrad off), step by step. */
export function adamOptimizer(p: AdamParams, owner: string): SlotOptimizer {
  const rule: UpdateRule = (theta, grad, slots, step, lrFactor) => {
    const m = slots['m']!;
    const v = slots['v']!;
    const g = p.weightDecay !== 0 ? tf.add(grad, tf.mul(theta, p.weightDecay)) : grad;
    m.assign(tf.add(tf.mul(m, p.beta1), tf.mul(g, 1 - p.beta1)));
    v.assign(tf.add(tf.mul(v, p.beta2), tf.mul(tf.mul(g, g), 1 - p.beta2)));
    // Bias corrections in double precision, as PyTorch computes them from a Python float. They
    // count this optimizer's own updates; a decay scales lr only (PyTorch's group['lr']).
    const stepSize = (p.lr * lrFactor) / (1 - Math.pow(p.beta1, step));
    const bc2Sqrt = Math.sqrt(1 - Math.pow(p.beta2, step));
    const denom = tf.add(tf.div(tf.sqrt(v), bc2Sqrt), p.eps);
    theta.assign(tf.sub(theta, tf.mul(tf.div(m, denom), stepSize)));
  };
  return new SlotOptimizer(owner, ['m', 'v'], rule, p.lrDecay);
}

export const adam = defineOptimizerNode({
  type: 'optim.adam',
  title: 'Adam',
  description:
    'Adam with PyTorch semantics: g ← g + λθ; m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; θ ← θ − (lr/(1−β1ᵗ)) · m / (√v/√(1−β2ᵗ) + ε).',
  docs: [
    'Matches `torch.optim.Adam(params, lr, betas=(beta1, beta2), eps, weight_decay)` update for update,',
    'including where ε enters (after dividing √v by √(1−β2ᵗ)). The defaults are the DCGAN ones',
    '(lr 2e-4, β1 0.5). For WGAN-GP use lr 1e-4, β1 0, β2 0.9.',
    '',
    'State (checkpointed): `m/<i>` and `v/<i>` for the i-th variable, and the step count. The bias',
    'corrections count these updates even under `lrDecay`, which scales lr alone, as LambdaLR does.',
  ].join('\n'),
  params: zParams,
  make: adamOptimizer,
});
