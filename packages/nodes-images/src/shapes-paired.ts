import * as tf from '@tensorflow/tfjs-core';
import { defineNode, type Dim, type ForwardContext } from '@ganvas/core';
import { z } from 'zod';
import { BatchOrder, orderStateHandlers } from '@ganvas/core';
import { batchRows, imageContract, labelContract } from './params.js';
import { LABEL_SETS, writeLabels } from './synth/attributes.js';
import { render, writeImage } from './synth/render.js';
import { STREAM, shapeSpec } from './synth/spec.js';
import { splitCount, synthParamFields } from './synth/synth-params.js';

/**
 * `images.shapesPaired`: aligned (input, target) pairs for Pix2Pix. The target is the shaded
 * "photo" of a shape; the input is either its flat label map (the mapping is a function) or a
 * black outline on white (a sketch: the colour is not in the input, like edges2shoes).
 */
export const zShapesPairedParams = z.strictObject({
  ...synthParamFields,
  input: z
    .enum(['labels', 'edges'])
    .default('labels')
    .describe(
      'What the input image shows: labels = flat label map (background and shape in plain colours; target is fully determined); ' +
        'edges = black outline on white (a sketch; the colour must be guessed).',
    ),
});
export type ShapesPairedParams = z.infer<typeof zShapesPairedParams>;

const OBJECT_LABELS = LABEL_SETS.object.length;

function outputs(batch: Dim, size: Dim) {
  return {
    input: imageContract(batch, size, size),
    target: imageContract(batch, size, size),
    label: labelContract(batch, OBJECT_LABELS),
  };
}

export const shapesPaired = defineNode({
  type: 'images.shapesPaired',
  version: 1,
  category: 'data',
  title: 'Synthetic shapes (paired)',
  description: 'Aligned pairs for Pix2Pix: a label map or outline of a shape (input) and the rendered shape (target).',
  docs:
    'Each example is one shape spec rendered twice, pixel-aligned. `label` gives its object attributes (`' +
    LABEL_SETS.object.join(', ') + '`) for evaluation.',
  params: zShapesPairedParams,
  inputs: [],
  outputs: [
    { name: 'input', contract: outputs('B', 64).input, description: 'The condition x: label map or outline, [-1, 1].' },
    { name: 'target', contract: outputs('B', 64).target, description: 'The real image y aligned with x, [-1, 1].' },
    { name: 'label', contract: outputs('B', 64).label, description: 'Object attributes of the pair (0/1).' },
  ],
  infer: ({ params }) => ({ outputs: outputs(params.batch ?? 'B', params.size) }),
  // Draws the full batch's indices as a one-worker run does and builds this worker's rows.
  dataParallel: 'shardAware',
  build(ctx) {
    const p = ctx.params;
    const order = new BatchOrder(p.order, splitCount(p), `images.shapesPaired (${p.split})`);
    return {
      forward(_inputs, fctx: ForwardContext) {
        const { full, start, n } = batchRows(p.batch, fctx);
        const per = p.size * p.size * 3;
        const input = new Float32Array(n * per);
        const target = new Float32Array(n * per);
        const labels = new Float32Array(n * OBJECT_LABELS);
        order.next(full, fctx).subarray(start, start + n).forEach((index, row) => {
          const spec = shapeSpec(p.seed, STREAM.paired, p.split, index);
          writeImage(render(spec, p.size, p.input), input, row);
          writeImage(render(spec, p.size, 'photo'), target, row);
          writeLabels(spec, 'object', labels, row * OBJECT_LABELS);
        });
        const shape: [number, number, number, number] = [n, p.size, p.size, 3];
        return {
          input: tf.tensor4d(input, shape, 'float32'),
          target: tf.tensor4d(target, shape, 'float32'),
          label: tf.tensor2d(labels, [n, OBJECT_LABELS], 'float32'),
        };
      },
      ...orderStateHandlers({ order }),
    };
  },
});
