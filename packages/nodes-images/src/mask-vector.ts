import * as tf from '@tensorflow/tfjs-core';
import { defineNode, isSymbol, type Contract } from '@ganvas/core';
import { z } from 'zod';
import { labelContract } from './params.js';

/**
 * `images.maskVector`: StarGAN's condition for training on several datasets with different
 * label sets, c̃ = [c₁, …, cₙ, m]: the label of dataset `dataset` in its own slot, zeros in the
 * other datasets' slots, and m, a one-hot of which dataset is known.
 */
export const zMaskVectorParams = z.strictObject({
  sizes: z
    .array(z.number().int().positive())
    .min(2)
    .default([8, 4])
    .describe('Label width of each dataset, in slot order (default: images.shapes object (8) and background (4) labels).'),
  dataset: z.number().int().nonnegative().default(0).describe('Which dataset (0-based slot) the incoming label belongs to.'),
});
export type MaskVectorParams = z.infer<typeof zMaskVectorParams>;

function width(p: MaskVectorParams): number {
  return p.sizes.reduce((a, b) => a + b, 0) + p.sizes.length;
}

export const maskVector = defineNode({
  type: 'images.maskVector',
  version: 1,
  category: 'math',
  title: 'Mask vector',
  description: "StarGAN's c̃ = [c₁, …, cₙ, m]: one dataset's label in its slot, zeros elsewhere, m = one-hot of the dataset.",
  params: zMaskVectorParams,
  inputs: [{ name: 'label', contract: labelContract('B', 'K'), description: "Labels of the dataset named by `dataset`." }],
  outputs: [{ name: 'label', contract: labelContract('B', 'M'), description: 'Masked condition vector (0/1).' }],
  infer: ({ params, inputs, bindings }) => {
    if (params.dataset >= params.sizes.length) {
      return { errors: [{ message: `dataset ${params.dataset} is not a slot: sizes has ${params.sizes.length} entries (0..${params.sizes.length - 1})` }] };
    }
    const k = (inputs.label as Contract | undefined)?.shape?.[1] ?? bindings.get('K');
    const want = params.sizes[params.dataset]!;
    if (k !== undefined && !isSymbol(k) && k !== want) {
      return { errors: [{ port: 'label', message: `dataset ${params.dataset} has ${want} labels (sizes[${params.dataset}]), the label input has ${k}` }] };
    }
    return { outputs: { label: labelContract(bindings.get('B') ?? 'B', width(params)) } };
  },
  build(ctx) {
    const p = ctx.params;
    const before = p.sizes.slice(0, p.dataset).reduce((a, b) => a + b, 0);
    const after = p.sizes.slice(p.dataset + 1).reduce((a, b) => a + b, 0);
    return {
      forward(inputs) {
        const label = inputs.tensor('label');
        const n = label.shape[0]!;
        const mask = tf.cast(tf.oneHot(tf.fill([n], p.dataset, 'int32'), p.sizes.length), 'float32');
        return { label: tf.concat([tf.zeros([n, before]), label, tf.zeros([n, after]), mask], 1) };
      },
    };
  },
});
