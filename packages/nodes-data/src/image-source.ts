import * as tf from '@tensorflow/tfjs-core';
import { BatchOrder, defineNode, shardRange, zBatchOrder, type Contract, type Dim, type ForwardContext, type NodeInstance, type Range } from '@ganvas/core';
import { z } from 'zod';
import { IMAGE_SIZE, type Dataset, type Split } from './dataset.js';
import { batchParam, oneHotRows } from './labels.js';

/**
 * The shared shape of the 28×28 greyscale dataset sources (`data.mnist`, `data.fashionMnist`):
 * one params schema, one set of ports, one instance that gathers batches from a decoded split.
 */

const RANGES = { '[-1,1]': [-1, 1], '[0,1]': [0, 1] } as const satisfies Record<string, Range>;

export const zImageSourceParams = z.strictObject({
  split: z
    .enum(['train', 'heldout'])
    .default('train')
    .describe('Which fixed part of the dataset to draw from: the training images or the held-out ones.'),
  range: z
    .enum(['[-1,1]', '[0,1]'])
    .default('[-1,1]')
    .describe('Value range the images are scaled to: [-1,1] for tanh generators, [0,1] for sigmoid ones.'),
  batch: batchParam,
  order: zBatchOrder,
});
export type ImageSourceParams = z.infer<typeof zImageSourceParams>;

const CLASSES = 10;

function outputContracts(range: Range, batch: Dim): Record<string, Contract> {
  return {
    image: { role: 'image', dtype: 'float32', shape: [batch, 28, 28, 1], range },
    label: { role: 'onehot', dtype: 'float32', shape: [batch, CLASSES] },
    labelIndex: { role: 'label', dtype: 'int32', shape: [batch] },
  };
}

export interface ImageSourceSpec {
  type: string;
  title: string;
  description: string;
  docs: string;
  load(split: Split): Promise<Dataset>;
}

export function defineImageSource(spec: ImageSourceSpec) {
  const declared = outputContracts(RANGES['[-1,1]'], 'B');
  return defineNode({
    type: spec.type,
    version: 1,
    category: 'data',
    title: spec.title,
    description: spec.description,
    docs: spec.docs,
    params: zImageSourceParams,
    inputs: [],
    outputs: [
      { name: 'image', contract: declared.image!, description: 'Images, NHWC, scaled to the `range` param.' },
      { name: 'label', contract: declared.label!, description: 'One-hot class of each image.' },
      { name: 'labelIndex', contract: declared.labelIndex!, description: 'Class index of each image.' },
    ],
    infer: ({ params }) => ({ outputs: outputContracts(RANGES[params.range], params.batch ?? 'B') }),
    // The full batch's indices advance the order as in a one-worker run; this worker gathers its rows.
    dataParallel: 'shardAware',
    async build(ctx) {
      return imageSourceInstance(spec.type, await spec.load(ctx.params.split), ctx.params);
    },
  });
}

function imageSourceInstance(name: string, data: Dataset, params: ImageSourceParams): NodeInstance {
  const [lo, hi] = RANGES[params.range];
  const order = new BatchOrder(params.order, data.count, `${name} (${params.split} split)`);

  const forward = (_inputs: unknown, fctx: ForwardContext) => {
    const full = params.batch ?? fctx.batchSize;
    // Only training advances a shuffle's cursor (see BatchOrder): previews and evaluations
    // never change which batches training sees next.
    const indices = order.next(full, fctx).subarray(...shardRange(fctx, full));
    const size = indices.length;
    const pixels = new Float32Array(size * IMAGE_SIZE);
    const labels = new Int32Array(size);
    indices.forEach((index, row) => {
      pixels.set(data.images.subarray(index * IMAGE_SIZE, (index + 1) * IMAGE_SIZE), row * IMAGE_SIZE);
      labels[row] = data.labels[index]!;
    });
    // The cache holds [0, 1]; other ranges are one affine pass over the batch.
    if (lo !== 0 || hi !== 1) for (let i = 0; i < pixels.length; i++) pixels[i] = lo + (hi - lo) * pixels[i]!;
    return {
      image: tf.tensor4d(pixels, [size, 28, 28, 1], 'float32'),
      label: tf.tensor2d(oneHotRows(labels, CLASSES), [size, CLASSES], 'float32'),
      labelIndex: tf.tensor1d(labels, 'int32'),
    };
  };

  return { forward, ...singleStreamState(order) };
}

/** getState/setState for a source with one stream (its JSON is the order's own state). */
function singleStreamState(order: BatchOrder): Pick<NodeInstance, 'getState' | 'setState'> {
  if (!order.stateful) return {};
  return { getState: () => ({ json: order.getState() }), setState: (state) => order.setState(state.json) };
}
