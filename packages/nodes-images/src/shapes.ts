import * as tf from '@tensorflow/tfjs-core';
import { defineNode, type Dim, type ForwardContext } from '@ganvas/core';
import { z } from 'zod';
import { BatchOrder, orderStateHandlers } from '@ganvas/core';
import { batchRows, imageContract, labelContract } from './params.js';
import { LABEL_SETS, writeLabels, type LabelSet } from './synth/attributes.js';
import { render, writeImage } from './synth/render.js';
import { STREAM, shapeSpec } from './synth/spec.js';
import { splitCount, synthParamFields } from './synth/synth-params.js';

/**
 * `images.shapes`: attribute-labelled synthetic shapes for StarGAN — an image and its label
 * vector. Two label sets make two "datasets" for the mask vector: `object` labels
 * [red, green, blue, yellow, circle, square, triangle, large]; `background` labels
 * [white, black, gray, beige] and draws from its own example stream.
 */
export const zShapesParams = z.strictObject({
  ...synthParamFields,
  labels: z
    .enum(['object', 'background'])
    .default('object')
    .describe(
      'Label set: object = [red, green, blue, yellow, circle, square, triangle, large] (colour one-hot, shape one-hot, size); ' +
        'background = [white, black, gray, beige] (a second dataset with another label set, for the mask vector).',
    ),
});
export type ShapesParams = z.infer<typeof zShapesParams>;

function outputs(batch: Dim, size: Dim, labels: LabelSet) {
  return { image: imageContract(batch, size, size), label: labelContract(batch, LABEL_SETS[labels].length) };
}

export const shapes = defineNode({
  type: 'images.shapes',
  version: 1,
  category: 'data',
  title: 'Synthetic shapes (labelled)',
  description: 'Coloured circles, squares and triangles on plain backgrounds with attribute label vectors (StarGAN).',
  docs:
    'Rendered in code, deterministically by index and `seed`, anti-aliased; no files. The `object` label set is ' +
    '`' + LABEL_SETS.object.join(', ') + '`; the `background` set is `' + LABEL_SETS.background.join(', ') + '` ' +
    '(a second dataset with a different label set, drawn from its own stream: use two sources and a mask vector).',
  params: zShapesParams,
  inputs: [],
  outputs: [
    { name: 'image', contract: outputs('B', 64, 'object').image, description: 'RGB images in [-1, 1], NHWC.' },
    { name: 'label', contract: outputs('B', 8, 'object').label, description: 'Attribute vector of each image (0/1).' },
  ],
  infer: ({ params }) => ({ outputs: outputs(params.batch ?? 'B', params.size, params.labels) }),
  // Draws the full batch's indices as a one-worker run does and builds this worker's rows.
  dataParallel: 'shardAware',
  build(ctx) {
    const p = ctx.params;
    const width = LABEL_SETS[p.labels].length;
    const stream = p.labels === 'object' ? STREAM.shapes : STREAM.backgrounds;
    const order = new BatchOrder(p.order, splitCount(p), `images.shapes (${p.split})`);
    return {
      forward(_inputs, fctx: ForwardContext) {
        const { full, start, n } = batchRows(p.batch, fctx);
        const pixels = new Float32Array(n * p.size * p.size * 3);
        const labels = new Float32Array(n * width);
        order.next(full, fctx).subarray(start, start + n).forEach((index, row) => {
          const spec = shapeSpec(p.seed, stream, p.split, index);
          writeImage(render(spec, p.size, 'photo'), pixels, row);
          writeLabels(spec, p.labels, labels, row * width);
        });
        return {
          image: tf.tensor4d(pixels, [n, p.size, p.size, 3], 'float32'),
          label: tf.tensor2d(labels, [n, width], 'float32'),
        };
      },
      ...orderStateHandlers({ order }),
    };
  },
});
