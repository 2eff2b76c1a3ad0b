import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, dimsCompatible, formatShape } from '@ganvas/core';
import { lossOutput, single } from './common.js';

export const zLsganLossParams = z.object({
  side: z.enum(['discriminator', 'generator']).default('discriminator').describe('Which player this loss trains.'),
  realTarget: z.number().default(1).describe('Target b for real outputs (and for fakes on the generator side).'),
  fakeTarget: z.number().default(0).describe('Target a for fake outputs on the discriminator side.'),
  discriminatorScale: z
    .number()
    .positive()
    .default(0.5)
    .describe('Factor on the discriminator loss; CycleGAN halves it to slow D relative to G.'),
});
export type LsganLossParams = z.infer<typeof zLsganLossParams>;

/**
 * Least-squares GAN loss (Mao et al.), CycleGAN's adversarial loss: D regresses its raw
 * outputs to 1 on real and 0 on fake images; G pulls D's outputs on fakes to 1.
 */
export const lsganLoss = defineNode({
  type: 'i2i.lsganLoss',
  version: 1,
  category: 'loss',
  title: 'Least-squares GAN loss',
  description:
    'Discriminator: scale·(mean (D(real) − b)² + mean (D(fake) − a)²); generator: mean (D(fake) − b)². Raw D outputs, no sigmoid.',
  docs: [
    'CycleGAN (Zhu et al.) replaces the log-likelihood GAN loss by least squares, which trains more stably.',
    'Defaults follow the PyTorch CycleGAN code: a = 0, b = 1, and the discriminator loss is halved',
    '(`(MSE(D(real), 1) + MSE(D(fake), 0)) · 0.5`). Means run over every element, so PatchGAN maps work.',
    'On the generator side only `fake` is used.',
  ].join('\n'),
  params: zLsganLossParams,
  inputs: [
    { name: 'real', contract: { role: 'score' }, optional: true, description: 'D outputs on real images (discriminator side).' },
    { name: 'fake', contract: { role: 'score' }, description: 'D outputs on generated images.' },
  ],
  outputs: [lossOutput],
  infer(ctx) {
    const real = single(ctx.inputs['real']);
    const fake = single(ctx.inputs['fake']);
    if (ctx.params.side === 'discriminator' && real === undefined) {
      return { errors: [{ port: 'real', message: 'the discriminator side needs D outputs on real images on input "real", but nothing is connected' }] };
    }
    const a = real?.shape;
    const b = fake?.shape;
    if (a && b && !(a.length === b.length && a.every((d, i) => i === 0 || dimsCompatible(d, b[i]!)))) {
      return { errors: [{ port: 'fake', message: `"real" is ${formatShape(a)} but "fake" is ${formatShape(b)}; they must agree apart from the batch dim` }] };
    }
    return { outputs: ctx.declaredOutputs };
  },
  build(ctx) {
    const p = ctx.params;
    return {
      forward(inputs) {
        const fake = inputs.tensor('fake');
        if (p.side === 'generator') return { loss: tf.mean(tf.square(tf.sub(fake, p.realTarget))) };
        const real = inputs.optionalTensor('real');
        if (real === undefined) throw new Error(`node ${ctx.nodeId}: the discriminator side needs input "real"`);
        const sum = tf.add(tf.mean(tf.square(tf.sub(real, p.realTarget))), tf.mean(tf.square(tf.sub(fake, p.fakeTarget))));
        return { loss: tf.mul(sum, p.discriminatorScale) };
      },
    };
  },
});
