import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, formatShape } from '@ganvas/core';
import { lossOutput, pairedShapeError, single } from './common.js';

export const klNormal = defineNode({
  type: 'loss.klNormal',
  version: 1,
  category: 'loss',
  title: 'KL to N(0, I)',
  description:
    'VAE KL term KL(N(mu, exp(logvar)) ‖ N(0, I)) = −½ Σ (1 + logvar − mu² − exp(logvar)), summed over the latent (non-batch) dims and averaged over the batch.',
  docs: [
    'For a diagonal Gaussian posterior `q(z|x) = N(μ, diag(σ²))` with `logvar = log σ²`:',
    '',
    '`KL = (1/B) Σ_b −½ Σ_j (1 + logvar_bj − μ_bj² − exp(logvar_bj))`',
    '',
    'Sum over latent dims, mean over the batch: add it to a `sumPerSample` reconstruction loss',
    'to get the negative ELBO per sample.',
  ].join('\n'),
  params: z.object({}),
  inputs: [
    { name: 'mu', contract: { role: 'latent' }, description: 'Posterior means, [B, …].' },
    { name: 'logvar', contract: { role: 'latent' }, description: 'Posterior log-variances, same shape as mu.' },
  ],
  outputs: [lossOutput],
  infer(ctx) {
    const mu = single(ctx.inputs['mu']);
    const logvar = single(ctx.inputs['logvar']);
    const errors: { port?: string; message: string }[] = [];
    const shape = pairedShapeError('mu', mu, 'logvar', logvar);
    if (shape !== undefined) errors.push({ port: 'logvar', message: shape });
    if (mu?.shape !== undefined && mu.shape.length < 2) {
      errors.push({
        port: 'mu',
        message: `"mu" needs a batch dim and at least one latent dim (e.g. [B, Z]), but it is ${formatShape(mu.shape)}`,
      });
    }
    return errors.length > 0 ? { errors } : { outputs: ctx.declaredOutputs };
  },
  build() {
    return {
      forward(inputs) {
        const mu = inputs.tensor('mu');
        const logvar = inputs.tensor('logvar');
        const inner = tf.sub(tf.sub(tf.add(1, logvar), tf.square(mu)), tf.exp(logvar));
        const batch = mu.shape[0] ?? 1;
        return { loss: tf.mul(tf.sum(inner), -0.5 / batch) };
      },
    };
  },
});
