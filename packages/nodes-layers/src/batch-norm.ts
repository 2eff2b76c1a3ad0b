import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, formatShape, init, replicaMean, type ForwardContext } from '@ganvas/core';
import { concreteDim, single } from './common.js';

export const zBatchNormParams = z.object({
  momentum: z
    .number()
    .min(0)
    .max(1)
    .default(0.1)
    .describe('PyTorch-style momentum: running = (1 − momentum)·running + momentum·batch.'),
  epsilon: z.number().positive().default(1e-5).describe('Added to the variance before the square root.'),
  affine: z.boolean().default(true).describe('Learn a per-channel scale (gamma) and shift (beta).'),
});
export type BatchNormParams = z.infer<typeof zBatchNormParams>;

const TYPE = 'layers.batchNorm';

export const batchNorm = defineNode({
  type: TYPE,
  version: 1,
  category: 'layer',
  title: 'Batch norm',
  description: 'Batch normalisation over every axis but the last (channels), for [B, F] or [B, H, W, C].',
  params: zBatchNormParams,
  lint: { removesChannelMean: true },
  inputs: [{ name: 'x', contract: { role: 'tensor' }, description: 'Features [B, F] or maps [B, H, W, C].' }],
  outputs: [{ name: 'y', contract: { role: 'tensor' }, description: 'Normalised values, same shape and role as x.' }],
  docs:
    'Training mode normalises with the batch mean and biased variance and updates the running statistics ' +
    '(the running variance with the unbiased batch variance, as PyTorch does). Other modes use the running ' +
    'statistics. Written with plain arithmetic so that second-order gradients (gradient penalty) flow through it. ' +
    'In data-parallel training (`--workers N`) the statistics are those of the full batch: each worker\'s mean and ' +
    'variance are averaged across workers, and so are their gradients.',
  infer(ctx) {
    const x = single(ctx.inputs, 'x');
    if (x?.shape && x.shape.length !== 2 && x.shape.length !== 4) {
      return { errors: [{ port: 'x', message: `expected [B, F] or [B, H, W, C], got ${formatShape(x.shape)}` }] };
    }
    // The values change, their meaning and shape do not; the range is no longer known.
    return { outputs: { y: { role: x?.role ?? 'tensor', dtype: 'float32', ...(x?.shape ? { shape: x.shape } : {}) } } };
  },
  // Training statistics are synchronised across workers (replicaMean), so a shard normalises
  // with the full batch's mean and variance and the gradients are the full batch's.
  dataParallel: 'shardAware',
  build(ctx) {
    const p = ctx.params;
    const channels = concreteDim(TYPE, 'x', single(ctx.inputs, 'x')?.shape, -1, 'the channel count (last dim)');
    const gamma = p.affine ? ctx.weight('gamma', [channels], init.ones) : undefined;
    const beta = p.affine ? ctx.weight('beta', [channels], init.zeros) : undefined;
    const runningMean = ctx.weight('runningMean', [channels], init.zeros, { trainable: false });
    const runningVar = ctx.weight('runningVar', [channels], init.ones, { trainable: false });
    return {
      forward(inputs, fctx) {
        const x = inputs.tensor('x');
        const axes = x.shape.slice(0, -1).map((_, i) => i);
        let mean: tf.Tensor = runningMean;
        let variance: tf.Tensor = runningVar;
        if (fctx.training) {
          const shards = fctx.shard?.count ?? 1;
          const n = (x.size / channels) * shards;
          if (n < 2) throw new Error(`${TYPE}: training needs more than one value per channel, got input ${formatShape(x.shape)}`);
          const m = shards > 1 ? syncedMoments(fctx, x, axes) : tf.moments(x, axes);
          mean = m.mean;
          variance = m.variance;
          // Not on the path to y, so gradient tapes ignore these ops. Only training updates the
          // running statistics: a preview in training mode must not change the model.
          if (fctx.purpose === 'train') tf.tidy(() => {
            const mom = p.momentum;
            const unbiased = tf.mul(m.variance, n / (n - 1));
            runningMean.assign(tf.add(tf.mul(runningMean, 1 - mom), tf.mul(m.mean, mom)));
            runningVar.assign(tf.add(tf.mul(runningVar, 1 - mom), tf.mul(unbiased, mom)));
          });
        }
        let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, p.epsilon)));
        if (gamma && beta) y = tf.add(tf.mul(y, gamma), beta);
        return { y };
      },
    };
  },
});

/**
 * Mean and biased variance of the full batch when each worker holds an equal shard: the
 * shards' means averaged, then the shards' mean squared deviations from that averaged —
 * the same two passes as tf.moments, with gradients flowing through both averages.
 */
function syncedMoments(fctx: ForwardContext, x: tf.Tensor, axes: number[]): { mean: tf.Tensor; variance: tf.Tensor } {
  const mean = replicaMean(fctx, tf.mean(x, axes));
  const variance = replicaMean(fctx, tf.mean(tf.square(tf.sub(x, mean)), axes));
  return { mean, variance };
}
