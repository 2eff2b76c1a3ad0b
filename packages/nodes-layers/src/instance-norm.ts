import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, formatShape, init } from '@ganvas/core';
import { concreteDim, single } from './common.js';

export const zInstanceNormParams = z.object({
  epsilon: z.number().positive().default(1e-5).describe('Added to the variance before the square root.'),
  affine: z.boolean().default(true).describe('Learn a per-channel scale (gamma) and shift (beta), as StarGAN does.'),
});
export type InstanceNormParams = z.infer<typeof zInstanceNormParams>;

const TYPE = 'layers.instanceNorm';

/**
 * Instance normalisation (Ulyanov et al.): every sample's every channel is normalised over its
 * own H×W, in training and inference alike (no running statistics, PyTorch's
 * `InstanceNorm2d(track_running_stats=False)`), so a translator treats each image on its own.
 */
export const instanceNorm = defineNode({
  type: TYPE,
  version: 1,
  category: 'layer',
  title: 'Instance norm',
  description: 'Normalise each sample’s each channel over its height and width: [B, H, W, C] → same shape.',
  params: zInstanceNormParams,
  lint: { removesChannelMean: true },
  inputs: [{ name: 'x', contract: { role: 'tensor', shape: ['B', 'H', 'W', 'C'] }, description: 'Maps [B, H, W, C].' }],
  outputs: [{ name: 'y', contract: { role: 'tensor', shape: ['B', 'H', 'W', 'C'] }, description: 'Normalised maps, same shape and role.' }],
  docs:
    'y = (x − mean_hw) / sqrt(var_hw + ε) · gamma + beta with the biased variance, per sample and channel. ' +
    'The residual blocks of the CycleGAN/StarGAN generators use it. Written with plain arithmetic, so ' +
    'second-order gradients flow through it.',
  infer(ctx) {
    const x = single(ctx.inputs, 'x');
    if (x?.shape && x.shape.length !== 4) {
      return { errors: [{ port: 'x', message: `expected maps [B, H, W, C] (rank 4, NHWC), got ${formatShape(x.shape)}` }] };
    }
    return { outputs: { y: { role: x?.role ?? 'tensor', dtype: 'float32', ...(x?.shape ? { shape: x.shape } : {}) } } };
  },
  build(ctx) {
    const p = ctx.params;
    const channels = concreteDim(TYPE, 'x', single(ctx.inputs, 'x')?.shape, -1, 'the channel count (last dim)');
    const gamma = p.affine ? ctx.weight('gamma', [channels], init.ones) : undefined;
    const beta = p.affine ? ctx.weight('beta', [channels], init.zeros) : undefined;
    return {
      forward(inputs) {
        const x = inputs.tensor('x');
        if (x.rank !== 4) throw new Error(`${TYPE} ${ctx.nodeId}: expected [B, H, W, C], got [${x.shape.join(', ')}]`);
        const { mean, variance } = tf.moments(x, [1, 2], true);
        let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, p.epsilon)));
        if (gamma && beta) y = tf.add(tf.mul(y, gamma), beta);
        return { y };
      },
    };
  },
});
