import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, drawForShard } from '@ganvas/core';
import { activationInfer, activationPorts } from './activation.js';

export const zDropoutParams = z.object({
  rate: z.number().min(0).lt(1).default(0.5).describe('Fraction of values zeroed in training mode.'),
});

export const dropout = defineNode({
  type: 'layers.dropout',
  version: 1,
  category: 'layer',
  title: 'Dropout',
  description: 'In training mode, zero each value with probability rate and scale the rest by 1/(1 − rate).',
  params: zDropoutParams,
  ...activationPorts,
  docs:
    'The identity outside training mode. The mask comes from the evaluation random stream; in data-parallel ' +
    'training each worker takes its rows of the mask drawn for the full batch.',
  infer: activationInfer(undefined),
  dataParallel: 'shardAware',
  build(ctx) {
    const rate = ctx.params.rate;
    return {
      forward(inputs, fctx) {
        const x = inputs.tensor('x');
        if (!fctx.training || rate === 0) return { y: tf.clone(x) };
        // Drawn for the full batch and cut to this worker's rows: the one-worker run's mask.
        const u = drawForShard(fctx, x.shape, (shape) => tf.randomUniform(shape, 0, 1, 'float32', fctx.rng.seed()));
        const keep = tf.cast(tf.greaterEqual(u, rate), 'float32');
        return { y: tf.mul(x, tf.mul(keep, 1 / (1 - rate))) };
      },
    };
  },
});
