import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import type { LrDecayParams } from './lrDecay.js';
import { defineOptimizerNode } from './optimizerNode.js';
import { SlotOptimizer, type UpdateRule } from './slots.js';

const zParams = z.object({
  lr: z.number().positive().default(0.01).describe('Learning rate.'),
  momentum: z.number().min(0).default(0).describe('Momentum factor (0: plain gradient descent).'),
  dampening: z.number().min(0).max(1).default(0).describe('Dampening of the gradient added to the momentum buffer.'),
  nesterov: z.boolean().default(false).describe('Nesterov momentum (needs momentum > 0 and dampening 0).'),
  weightDecay: z.number().min(0).default(0).describe('L2 penalty added to the gradient (g + λ·θ).'),
});
export type SgdParams = z.infer<typeof zParams> & LrDecayParams;

/** torch.optim.SGD, step by step. */
export function sgdOptimizer(p: SgdParams, owner: string): SlotOptimizer {
  const slots = p.momentum !== 0 ? ['momentum'] : [];
  const rule: UpdateRule = (theta, grad, s, step, lrFactor) => {
    let d = p.weightDecay !== 0 ? tf.add(grad, tf.mul(theta, p.weightDecay)) : grad;
    if (p.momentum !== 0) {
      const buf = s['momentum']!;
      // PyTorch starts the buffer at the first (undampened) gradient.
      buf.assign(step === 1 ? tf.clone(d) : tf.add(tf.mul(buf, p.momentum), tf.mul(d, 1 - p.dampening)));
      d = p.nesterov ? tf.add(d, tf.mul(buf, p.momentum)) : buf;
    }
    theta.assign(tf.sub(theta, tf.mul(d, p.lr * lrFactor)));
  };
  return new SlotOptimizer(owner, slots, rule, p.lrDecay);
}

export const sgd = defineOptimizerNode({
  type: 'optim.sgd',
  title: 'SGD',
  description:
    'Stochastic gradient descent with PyTorch semantics: d ← g + λθ; b ← μ·b + (1−τ)·d (b₁ = d); d ← d + μ·b (Nesterov) or b; θ ← θ − lr·d.',
  docs: [
    'Matches `torch.optim.SGD(params, lr, momentum, dampening, weight_decay, nesterov)` update for update.',
    'The momentum buffer starts as the first gradient (no dampening on the first step), as in PyTorch.',
    '',
    'State (checkpointed): `momentum/<i>` for the i-th variable (when momentum > 0), and the step count.',
  ].join('\n'),
  params: zParams,
  check: (p) =>
    p.nesterov && (p.momentum <= 0 || p.dampening !== 0)
      ? [`nesterov needs momentum > 0 and dampening 0, but momentum is ${p.momentum} and dampening ${p.dampening}`]
      : [],
  make: sgdOptimizer,
});
