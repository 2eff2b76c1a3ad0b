import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, dimsCompatible, formatShape } from '@ganvas/core';
import type { Contract } from '@ganvas/core';
import { bceWithLogits, lossOutput, single } from './common.js';

const zParams = z.object({
  side: z
    .enum(['discriminator', 'generator'])
    .default('discriminator')
    .describe('Which player this loss trains.'),
  form: z
    .enum(['minimax', 'nonsaturating'])
    .default('nonsaturating')
    .describe(
      "Generator side only: 'minimax' minimises mean log(1 − σ(fake)); 'nonsaturating' minimises −mean log σ(fake). Ignored on the discriminator side.",
    ),
  realTarget: z
    .number()
    .gt(0)
    .lte(1)
    .default(1)
    .describe('Discriminator side only: the target for real logits (1 = no smoothing; 0.9 = one-sided label smoothing).'),
});

/** Batch sizes of real and fake may differ; the other dims must agree. */
function featureShapeError(real: Contract | undefined, fake: Contract | undefined): string | undefined {
  const a = real?.shape;
  const b = fake?.shape;
  if (a === undefined || b === undefined) return undefined;
  const ok = a.length === b.length && a.every((d, i) => i === 0 || dimsCompatible(d, b[i]!));
  return ok
    ? undefined
    : `"real" and "fake" logits must have the same shape apart from the batch dim, but "real" is ${formatShape(a)} and "fake" is ${formatShape(b)}`;
}

export const gan = defineNode({
  type: 'loss.gan',
  version: 1,
  category: 'loss',
  title: 'GAN loss',
  description:
    'Standard GAN loss on discriminator logits, in numerically stable softplus form. ' +
    'Discriminator: mean(softplus(−real) + (1−t)·real) + mean(softplus(fake)) = mean BCE(real, t) + mean BCE(fake, 0) (t = realTarget). ' +
    'Generator minimax: −mean softplus(fake) = mean log(1 − σ(fake)). ' +
    'Generator non-saturating: mean softplus(−fake) = mean BCE(fake, 1).',
  docs: [
    'Inputs are **logits** (pre-sigmoid discriminator outputs); the means run over every element, so',
    'PatchGAN maps work as well as `[B, 1]` scores. With BCE(x, t) = softplus(x) − t·x:',
    '',
    '- discriminator: `L_D = mean BCE(real, t) + mean BCE(fake, 0)` (the sum of two means, as in',
    "  PyTorch's DCGAN example); `t = realTarget` (1 unless one-sided label smoothing is wanted).",
    '- generator, `minimax`: `L_G = mean log(1 − σ(fake)) = −mean softplus(fake)`; saturates early in training.',
    '- generator, `nonsaturating` (default): `L_G = mean BCE(fake, 1) = mean softplus(−fake) = −mean log σ(fake)`.',
    '',
    '`real` is required on the discriminator side and unused on the generator side.',
  ].join('\n'),
  params: zParams,
  inputs: [
    { name: 'real', contract: { role: 'logits' }, optional: true, description: 'D logits on real data (discriminator side).' },
    { name: 'fake', contract: { role: 'logits' }, description: 'D logits on generated data.' },
  ],
  outputs: [lossOutput],
  infer(ctx) {
    const real = single(ctx.inputs['real']);
    const fake = single(ctx.inputs['fake']);
    const errors: { port?: string; message: string }[] = [];
    if (ctx.params.side === 'discriminator' && real === undefined) {
      errors.push({
        port: 'real',
        message: 'the discriminator side needs the logits of real data on input "real", but nothing is connected',
      });
    }
    const shapeError = featureShapeError(real, fake);
    if (shapeError !== undefined) errors.push({ port: 'fake', message: shapeError });
    return errors.length > 0 ? { errors } : { outputs: ctx.declaredOutputs };
  },
  build(ctx) {
    const { side, form, realTarget } = ctx.params;
    return {
      forward(inputs) {
        const fake = inputs.tensor('fake');
        if (side === 'generator') {
          const loss = form === 'minimax' ? tf.neg(tf.mean(tf.softplus(fake))) : tf.mean(tf.softplus(tf.neg(fake)));
          return { loss };
        }
        const real = inputs.optionalTensor('real');
        if (real === undefined) throw new Error(`node ${ctx.nodeId}: the discriminator side needs input "real"`);
        const loss = tf.add(tf.mean(bceWithLogits(real, realTarget)), tf.mean(tf.softplus(fake)));
        return { loss };
      },
    };
  },
});
