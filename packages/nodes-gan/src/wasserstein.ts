import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode } from '@ganvas/core';
import { lossOutput, sameButBatch, single } from './common.js';

export const zWassersteinParams = z.object({
  side: z
    .enum(['critic', 'generator'])
    .default('critic')
    .describe("Which player this loss trains: 'critic' minimises E f(G(z)) − E f(x); 'generator' minimises −E f(G(z))."),
});
export type WassersteinParams = z.infer<typeof zWassersteinParams>;

/**
 * One node with a `side` param, like `loss.gan`, so turning a GAN into a WGAN is a change of
 * node type on the same two ports (`real`, `fake`), not a rewiring.
 */
export const wasserstein = defineNode({
  type: 'gan.wasserstein',
  version: 1,
  category: 'loss',
  title: 'Wasserstein loss',
  description:
    'WGAN losses on critic scores f(·). Critic: mean f(fake) − mean f(real) (the negated estimate of the Wasserstein-1 distance). ' +
    'Generator: −mean f(fake).',
  docs: [
    'Arjovsky et al.: the critic maximises `W = E f(x) − E f(G(z))`, so its loss is',
    '`L_critic = mean f(fake) − mean f(real)`; the generator minimises `L_G = −mean f(fake)`.',
    'Scores are raw critic outputs (no sigmoid). The means run over every element, so `[B, 1]`',
    'scores and patch maps both work. The critic must be kept (approximately) 1-Lipschitz: clip its',
    'weights after each update (`optim.clipWeights`, WGAN) or add `gan.gradientPenalty` (WGAN-GP).',
    '`real` is required on the critic side and unused on the generator side.',
  ].join('\n'),
  params: zWassersteinParams,
  inputs: [
    { name: 'real', contract: { role: 'score' }, optional: true, description: 'Critic scores of real data (critic side).' },
    { name: 'fake', contract: { role: 'score' }, description: 'Critic scores of generated data.' },
  ],
  outputs: [lossOutput],
  infer(ctx) {
    const real = single(ctx.inputs['real']);
    const fake = single(ctx.inputs['fake']);
    const errors: { port?: string; message: string }[] = [];
    if (ctx.params.side === 'critic' && real === undefined) {
      errors.push({ port: 'real', message: 'the critic side needs the scores of real data on input "real", but nothing is connected' });
    }
    const shapeError = sameButBatch('real', real, 'fake', fake);
    if (shapeError !== undefined) errors.push({ port: 'fake', message: shapeError });
    return errors.length > 0 ? { errors } : { outputs: ctx.declaredOutputs };
  },
  build(ctx) {
    const { side } = ctx.params;
    return {
      forward(inputs) {
        const fake = inputs.tensor('fake');
        if (side === 'generator') return { loss: tf.neg(tf.mean(fake)) };
        const real = inputs.optionalTensor('real');
        if (real === undefined) throw new Error(`node ${ctx.nodeId}: the critic side needs input "real"`);
        return { loss: tf.sub(tf.mean(fake), tf.mean(real)) };
      },
    };
  },
});
