import * as tf from '@tensorflow/tfjs-core';
import { defineNode, shardRows } from '@ganvas/core';
import { z } from 'zod';
import { batchParam } from './labels.js';
import { dimsOf, dimsParam, latentContract } from './noise-shape.js';

export const zGaussianNoiseParams = z.strictObject({
  dims: dimsParam,
  mean: z.number().default(0).describe('Mean of every entry.'),
  std: z.number().nonnegative().default(1).describe('Standard deviation of every entry.'),
  batch: batchParam,
});
export type GaussianNoiseParams = z.infer<typeof zGaussianNoiseParams>;

/** Normal noise `z ~ N(mean, std²)` of shape [B, ...dims], fresh for every evaluation. */
export const gaussianNoise = defineNode({
  type: 'data.gaussianNoise',
  version: 1,
  category: 'data',
  title: 'Gaussian noise',
  description: 'Latent vectors drawn from a normal distribution, a fresh batch for every evaluation.',
  params: zGaussianNoiseParams,
  inputs: [],
  outputs: [
    { name: 'z', contract: { role: 'latent', dtype: 'float32' }, description: 'Noise of shape [B, ...dims].' },
  ],
  infer: ({ params }) => ({ outputs: { z: latentContract(params.batch ?? 'B', params.dims) } }),
  // Drawn for the full batch, then cut to this worker's rows: the rows a one-worker run draws.
  dataParallel: 'shardAware',
  build({ params }) {
    const dims = dimsOf(params.dims);
    return {
      forward: (_inputs, fctx) => ({
        z: tf.tidy(() =>
          shardRows(fctx, tf.randomNormal([params.batch ?? fctx.batchSize, ...dims], params.mean, params.std, 'float32', fctx.rng.seed())),
        ),
      }),
    };
  },
});
