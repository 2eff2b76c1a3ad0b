import * as tf from '@tensorflow/tfjs-core';
import { defineNode, shardRows } from '@ganvas/core';
import { z } from 'zod';
import { batchParam } from './labels.js';
import { dimsOf, dimsParam, latentContract } from './noise-shape.js';

export const zUniformNoiseParams = z
  .strictObject({
    dims: dimsParam,
    min: z.number().default(-1).describe('Lower bound (inclusive) of every entry.'),
    max: z.number().default(1).describe('Upper bound (exclusive) of every entry.'),
    batch: batchParam,
  })
  .refine((p) => p.min < p.max, { message: 'min must be less than max', path: ['max'] });
export type UniformNoiseParams = z.infer<typeof zUniformNoiseParams>;

/** Uniform noise `z ~ U[min, max)` of shape [B, ...dims], fresh for every evaluation. */
export const uniformNoise = defineNode({
  type: 'data.uniformNoise',
  version: 1,
  category: 'data',
  title: 'Uniform noise',
  description: 'Latent vectors drawn uniformly from [min, max), a fresh batch for every evaluation.',
  params: zUniformNoiseParams,
  inputs: [],
  outputs: [
    { name: 'z', contract: { role: 'latent', dtype: 'float32' }, description: 'Noise of shape [B, ...dims].' },
  ],
  infer: ({ params }) => ({
    outputs: { z: { ...latentContract(params.batch ?? 'B', params.dims), range: [params.min, params.max] } },
  }),
  // Drawn for the full batch, then cut to this worker's rows: the rows a one-worker run draws.
  dataParallel: 'shardAware',
  build({ params }) {
    const dims = dimsOf(params.dims);
    return {
      forward: (_inputs, fctx) => ({
        z: tf.tidy(() =>
          shardRows(fctx, tf.randomUniform([params.batch ?? fctx.batchSize, ...dims], params.min, params.max, 'float32', fctx.rng.seed())),
        ),
      }),
    };
  },
});
