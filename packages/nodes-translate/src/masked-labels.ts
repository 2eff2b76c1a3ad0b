import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, isSymbol } from '@ganvas/core';
import { single } from './common.js';

export const zMaskedLabelsParams = z.object({
  sizes: z
    .array(z.number().int().positive())
    .min(1)
    .default([8, 4])
    .describe('Label width of each dataset in slot order, as in the mask vector (images.maskVector `sizes`).'),
});
export type MaskedLabelsParams = z.infer<typeof zMaskedLabelsParams>;

/**
 * Splits StarGAN's condition c̃ = [c₁, …, cₙ, m] (made by `images.maskVector`) into what the
 * classification loss needs: the labels [c₁, …, cₙ] and a per-label mask that is 1 on the slot
 * of the dataset m names. Works on any rows, so permuted target conditions split the same way.
 */
export const maskedLabels = defineNode({
  type: 'i2i.maskedLabels',
  version: 1,
  category: 'math',
  title: 'Labels and mask of c̃',
  description: 'From c̃ = [c₁, …, cₙ, m]: labels [c₁, …, cₙ] and a mask that is 1 on the labels of the dataset m names.',
  docs: [
    'For training on several datasets with different label sets (StarGAN’s mask vector). Width of c̃ is',
    'Σ sizes + n. `mask[b, j] = m[b, d]` where label j belongs to dataset d. Connect `labels` to the',
    'classification loss’s `target` and `mask` to its `mask`.',
  ].join('\n'),
  params: zMaskedLabelsParams,
  inputs: [{ name: 'condition', contract: { role: 'label', shape: ['B', 'M'] }, description: 'c̃ rows [B, Σ sizes + n].' }],
  outputs: [
    { name: 'labels', contract: { role: 'label', shape: ['B', 'K'] }, description: 'c̃ without m: [B, Σ sizes].' },
    { name: 'mask', contract: { role: 'tensor', shape: ['B', 'K'] }, description: '1 on the labels of each row’s dataset: [B, Σ sizes].' },
  ],
  infer(ctx) {
    const { sizes } = ctx.params;
    const k = sizes.reduce((a, b) => a + b, 0);
    const c = single(ctx.inputs['condition']);
    const m = c?.shape?.[1];
    if (m !== undefined && !isSymbol(m) && m !== k + sizes.length) {
      return {
        errors: [{ port: 'condition', message: `c̃ for sizes [${sizes.join(', ')}] has ${k} labels + ${sizes.length} mask entries = ${k + sizes.length}, got ${m}` }],
      };
    }
    const b = c?.shape?.[0] ?? 'B';
    return {
      outputs: {
        labels: { role: 'label', dtype: 'float32', shape: [b, k] },
        mask: { role: 'tensor', dtype: 'float32', shape: [b, k] },
      },
    };
  },
  build(ctx) {
    const { sizes } = ctx.params;
    const k = sizes.reduce((a, b) => a + b, 0);
    // Row d of `expand` is 1 on dataset d's labels: mask = m · expand.
    const expandValues = new Float32Array(sizes.length * k);
    let offset = 0;
    sizes.forEach((s, d) => {
      for (let j = 0; j < s; j++) expandValues[d * k + offset + j] = 1;
      offset += s;
    });
    return {
      forward(inputs) {
        const c = inputs.tensor('condition');
        if (c.rank !== 2 || c.shape[1] !== k + sizes.length) {
          throw new Error(`node ${ctx.nodeId}: c̃ must be [B, ${k + sizes.length}] for sizes [${sizes.join(', ')}], got [${c.shape.join(', ')}]`);
        }
        const b = c.shape[0]!;
        const labels = tf.slice(c, [0, 0], [b, k]);
        const m = tf.slice(c, [0, k], [b, sizes.length]);
        return { labels, mask: tf.matMul(m, tf.tensor2d(expandValues, [sizes.length, k])) };
      },
    };
  },
});
