import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, formatShape } from '@ganvas/core';
import { mapDim, single } from './common.js';

export const zMinibatchStdParams = z.object({
  groupSize: z
    .number()
    .int()
    .min(0)
    .default(4)
    .describe('Samples per group the spread is measured over (Karras et al. use 4); 0: the whole batch. The batch must divide by it.'),
  epsilon: z.number().positive().default(1e-8).describe('Added to the variance before the square root.'),
});
export type MinibatchStdParams = z.infer<typeof zMinibatchStdParams>;

const TYPE = 'layers.minibatchStd';

/**
 * The minibatch standard deviation of Karras et al. (2018, section 3), for discriminators: the
 * batch is cut into groups of `groupSize`, each feature's standard deviation over a group is
 * averaged into one number per group, and that number is appended to each member as one more
 * channel. A generator that makes too little variety gives itself away through it, so the
 * discriminator can push G towards covering more of the data.
 *
 * Grouping as the paper's reference code: with M = B / groupSize, sample b is in group b mod M
 * (the batch reshaped to [groupSize, M, ...]).
 */
export function groupStdChannel(x: tf.Tensor, groupSize: number, epsilon: number): tf.Tensor {
  return tf.tidy(() => {
    const b = x.shape[0]!;
    const g = groupSize === 0 ? b : groupSize;
    if (b % g !== 0) throw new Error(`batch of ${b} does not divide into groups of ${g}`);
    const m = b / g;
    const rest = x.shape.slice(1);
    const grouped = tf.reshape(x, [g, m, ...rest]);
    const centred = tf.sub(grouped, tf.mean(grouped, 0, true));
    const std = tf.sqrt(tf.add(tf.mean(tf.square(centred), 0), epsilon)); // [m, ...rest]
    const perGroup = tf.mean(tf.reshape(std, [m, -1]), 1); // [m]
    // Sample b = i·m + j gets group j's value: tile [m] to [g·m], then to one channel.
    const perSample = tf.tile(perGroup, [g]);
    const extra = tf.reshape(perSample, [b, ...rest.slice(0, -1).map(() => 1), 1]);
    const channel = tf.mul(extra, tf.ones([b, ...rest.slice(0, -1), 1]));
    return tf.concat([x, channel], -1);
  });
}

export const minibatchStd = defineNode({
  type: TYPE,
  version: 1,
  category: 'layer',
  title: 'Minibatch std',
  description: 'Append the average per-feature standard deviation over groups of the batch as one more channel: [B, ..., C] → [B, ..., C + 1].',
  params: zMinibatchStdParams,
  inputs: [{ name: 'x', contract: { role: 'tensor' }, description: 'Features [B, F] or maps [B, H, W, C].' }],
  outputs: [{ name: 'y', contract: { role: 'tensor' }, description: 'x with the group spread appended as the last channel.' }],
  docs:
    'Karras et al. (2018): a discriminator layer against mode collapse. Put it before the last convolution or ' +
    'dense layer of D. The statistic couples the samples of a group, so D should see real and fake batches ' +
    'separately (as the GAN templates do), and the batch must divide by `groupSize`. Not available with ' +
    'data-parallel workers (the groups would span workers).',
  dataParallel: { unsupported: 'its groups mix samples across the batch' },
  infer(ctx) {
    const x = single(ctx.inputs, 'x');
    if (!x?.shape) return { outputs: { y: { role: x?.role ?? 'tensor' } } };
    if (x.shape.length !== 2 && x.shape.length !== 4) {
      return { errors: [{ port: 'x', message: `expected [B, F] or [B, H, W, C], got ${formatShape(x.shape)}` }] };
    }
    const g = ctx.params.groupSize;
    const batch = x.shape[0]!;
    if (typeof batch === 'number' && g > 0 && batch % g !== 0) {
      return { errors: [{ port: 'x', message: `a batch of ${batch} does not divide into groups of ${g}` }] };
    }
    const last = x.shape.length - 1;
    const shape = x.shape.map((d, i) => (i === last ? mapDim(d, ctx.nodeId, false, (n) => n + 1) : d));
    return { outputs: { y: { role: x.role, dtype: 'float32', shape } } };
  },
  build(ctx) {
    const { groupSize, epsilon } = ctx.params;
    return {
      forward(inputs) {
        const x = inputs.tensor('x');
        if (x.rank !== 2 && x.rank !== 4) throw new Error(`${TYPE} ${ctx.nodeId}: expected [B, F] or [B, H, W, C], got [${x.shape.join(', ')}]`);
        try {
          return { y: groupStdChannel(x, groupSize, epsilon) };
        } catch (e) {
          throw new Error(`${TYPE} ${ctx.nodeId}: ${(e as Error).message}; set groupSize to a divisor of the batch (or 0 for the whole batch)`);
        }
      },
    };
  },
});
