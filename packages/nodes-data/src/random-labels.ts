import * as tf from '@tensorflow/tfjs-core';
import { defineNode, shardRange, type Contract, type Dim } from '@ganvas/core';
import { z } from 'zod';
import { batchParam, oneHotRows } from './labels.js';

export const zRandomLabelsParams = z.strictObject({
  classes: z.number().int().min(2).default(10).describe('Number of classes; labels are uniform over 0..classes-1.'),
  batch: batchParam,
});
export type RandomLabelsParams = z.infer<typeof zRandomLabelsParams>;

function contracts(batch: Dim, classes: Dim): Record<string, Contract> {
  return {
    label: { role: 'onehot', dtype: 'float32', shape: [batch, classes] },
    labelIndex: { role: 'label', dtype: 'int32', shape: [batch] },
  };
}

const declared = contracts('B', 'K');

/** Uniformly random class labels, e.g. the conditioning labels of a conditional generator. */
export const randomLabels = defineNode({
  type: 'data.randomLabels',
  version: 1,
  category: 'data',
  title: 'Random labels',
  description: 'Class labels drawn uniformly, as one-hot rows and as indices.',
  params: zRandomLabelsParams,
  inputs: [],
  outputs: [
    { name: 'label', contract: declared.label!, description: 'One-hot labels [B, classes].' },
    { name: 'labelIndex', contract: declared.labelIndex!, description: 'The same labels as indices [B].' },
  ],
  infer: ({ params }) => ({ outputs: contracts(params.batch ?? 'B', params.classes) }),
  // Drawn for the full batch, then cut to this worker's rows: the rows a one-worker run draws.
  dataParallel: 'shardAware',
  build({ params }) {
    return {
      forward(_inputs, fctx) {
        const full = params.batch ?? fctx.batchSize;
        const all = new Int32Array(full);
        for (let i = 0; i < full; i++) all[i] = fctx.rng.int(params.classes);
        const indices = all.subarray(...shardRange(fctx, full));
        const size = indices.length;
        return {
          label: tf.tensor2d(oneHotRows(indices, params.classes), [size, params.classes], 'float32'),
          labelIndex: tf.tensor1d(indices, 'int32'),
        };
      },
    };
  },
});
