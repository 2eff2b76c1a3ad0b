import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, formatShape } from '@ganvas/core';
import type { Contract, Dim } from '@ganvas/core';
import { single } from './common.js';

export const zTileLabelsParams = z.object({
  height: z.number().int().positive().optional().describe('Height of the label maps; default: that of "like".'),
  width: z.number().int().positive().optional().describe('Width of the label maps; default: that of "like".'),
});
export type TileLabelsParams = z.infer<typeof zTileLabelsParams>;

const TYPE = 'gan.tileLabels';

/** H and W from the params, else from the `like` input; a message when neither gives them. */
function spatial(p: TileLabelsParams, like: Contract | undefined): [Dim, Dim] | string {
  const ls = like?.shape;
  if (ls !== undefined && ls.length !== 4) return `"like" must be NHWC maps [B, H, W, C], got ${formatShape(ls)}`;
  const h = p.height ?? ls?.[1];
  const w = p.width ?? ls?.[2];
  if (h === undefined || w === undefined) {
    return 'the label maps need a size: set params "height" and "width", or connect the image to "like"';
  }
  return [h, w];
}

/**
 * Conditioning a convolutional discriminator D(x|y): each one-hot label becomes K constant
 * maps, concatenated to the image channels with `layers.concat` (the seed's "y concatenated
 * to D's input").
 */
export const tileLabels = defineNode({
  type: TYPE,
  version: 1,
  category: 'layer',
  title: 'Tile labels',
  description: 'Repeats one-hot labels [B, K] over a height×width grid: [B, H, W, K], to concatenate onto image channels.',
  docs: [
    'y[b, i, j, k] = label[b, k] for every position (i, j). The size comes from `height`/`width`, or',
    'from the image connected to `like` (only its shape is used). Then `layers.concat` (axis −1)',
    'with the image gives D an input of C + K channels. The gradient w.r.t. the labels sums over the grid.',
  ].join('\n'),
  params: zTileLabelsParams,
  inputs: [
    { name: 'label', contract: { role: 'onehot', shape: ['B', 'K'] }, description: 'One-hot labels [B, K].' },
    { name: 'like', contract: { role: 'tensor' }, optional: true, description: 'Maps whose H and W the output takes.' },
  ],
  outputs: [{ name: 'y', contract: { role: 'features', shape: ['B', 'H', 'W', 'K'] }, description: 'Label maps [B, H, W, K].' }],
  infer(ctx) {
    const label = single(ctx.inputs['label']);
    const size = spatial(ctx.params, single(ctx.inputs['like']));
    if (typeof size === 'string') return { errors: [{ port: 'like', message: size }] };
    const b = label?.shape?.[0] ?? 'B';
    const k = label?.shape?.[1] ?? 'K';
    return { outputs: { y: { role: 'features', dtype: 'float32', shape: [b, size[0], size[1], k] } } };
  },
  build(ctx) {
    const p = ctx.params;
    return {
      forward(inputs) {
        const label = inputs.tensor('label');
        if (label.rank !== 2) throw new Error(`${TYPE} ${ctx.nodeId}: "label" must be [B, K], got [${label.shape.join(', ')}]`);
        const like = inputs.optionalTensor('like');
        const h = p.height ?? like?.shape[1];
        const w = p.width ?? like?.shape[2];
        if (h === undefined || w === undefined) throw new Error(`${TYPE} ${ctx.nodeId}: no height/width and no "like" input`);
        const [b, k] = label.shape as [number, number];
        // Broadcast through a multiply by ones: its gradient (a sum over the grid) is exact to any order.
        const y = tf.mul(tf.reshape(label, [b, 1, 1, k]), tf.ones([1, h, w, 1]));
        return { y };
      },
    };
  },
});
