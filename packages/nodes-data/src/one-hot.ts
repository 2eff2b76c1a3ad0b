import * as tf from '@tensorflow/tfjs-core';
import { defineNode, type Contract } from '@ganvas/core';
import { z } from 'zod';

export const zOneHotParams = z.strictObject({
  classes: z.number().int().min(2).default(10).describe('Number of classes (length of each one-hot row).'),
});
export type OneHotParams = z.infer<typeof zOneHotParams>;

/** Class indices [B] → one-hot rows [B, classes] (float32; an index outside the classes gives a zero row). */
export const oneHot = defineNode({
  type: 'data.oneHot',
  version: 1,
  category: 'data',
  title: 'One-hot',
  description: 'Turns class indices into one-hot rows.',
  params: zOneHotParams,
  inputs: [
    {
      name: 'labelIndex',
      contract: { role: 'label', dtype: 'int32', shape: ['B'] },
      description: 'Class index of each example.',
    },
  ],
  outputs: [
    {
      name: 'onehot',
      contract: { role: 'onehot', dtype: 'float32', shape: ['B', 'K'] },
      description: 'One-hot rows [B, classes].',
    },
  ],
  infer({ params, bindings }) {
    const onehot: Contract = { role: 'onehot', dtype: 'float32', shape: [bindings.get('B') ?? 'B', params.classes] };
    return { outputs: { onehot } };
  },
  build({ params }) {
    return {
      forward: (inputs) => {
        const indices = inputs.tensor('labelIndex');
        return {
          onehot: tf.tidy(() =>
            tf.oneHot(indices.dtype === 'int32' ? indices : tf.cast(indices, 'int32'), params.classes, 1, 0, 'float32'),
          ),
        };
      },
    };
  },
});
