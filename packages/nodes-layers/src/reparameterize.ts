import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, dimsCompatible, drawForShard, formatShape } from '@ganvas/core';
import { single } from './common.js';

export const zReparameterizeParams = z.object({});

export const reparameterize = defineNode({
  type: 'layers.reparameterize',
  version: 1,
  category: 'layer',
  title: 'Reparameterize',
  description: 'VAE sampling: z = mu + exp(0.5·logvar)·ε with ε ~ N(0, I), differentiable in mu and logvar.',
  params: zReparameterizeParams,
  inputs: [
    { name: 'mu', contract: { role: 'tensor', shape: ['B', 'Z'] }, description: 'Mean [B, Z].' },
    { name: 'logvar', contract: { role: 'tensor', shape: ['B', 'Z'] }, description: 'Log-variance [B, Z].' },
  ],
  outputs: [{ name: 'z', contract: { role: 'latent', shape: ['B', 'Z'] }, description: 'Sampled latent [B, Z].' }],
  docs:
    'It samples in every mode, training or not (also when sampling images), so an encoder → decoder ' +
    'path is stochastic at evaluation; feed mu to the decoder directly for a deterministic reconstruction. ' +
    'ε comes from the evaluation random stream, so runs are reproducible from their seed; in data-parallel ' +
    'training each worker takes its rows of the ε drawn for the full batch.',
  infer(ctx) {
    const mu = single(ctx.inputs, 'mu')?.shape;
    const lv = single(ctx.inputs, 'logvar')?.shape;
    if (mu && lv && (mu.length !== lv.length || mu.some((d, i) => !dimsCompatible(d, lv[i]!)))) {
      return { errors: [{ port: 'logvar', message: `mu is ${formatShape(mu)} but logvar is ${formatShape(lv)}; they must match` }] };
    }
    return { outputs: { z: { role: 'latent', dtype: 'float32', shape: mu ?? lv ?? ['B', 'Z'] } } };
  },
  dataParallel: 'shardAware',
  build() {
    return {
      forward(inputs, fctx) {
        const mu = inputs.tensor('mu');
        const logvar = inputs.tensor('logvar');
        // Drawn for the full batch and cut to this worker's rows: the one-worker run's ε.
        const eps = drawForShard(fctx, mu.shape, (shape) => tf.randomNormal(shape, 0, 1, 'float32', fctx.rng.seed()));
        return { z: tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), eps)) };
      },
    };
  },
});
