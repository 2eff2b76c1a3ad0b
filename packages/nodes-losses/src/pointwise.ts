import type * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode } from '@ganvas/core';
import { lossOutput, pairedShapeError, rankError, reduce, single, zReduction } from './common.js';

/** Shared definition of the regression losses that compare `prediction` with `target` elementwise. */
export function definePointwiseLoss(spec: {
  type: string;
  title: string;
  description: string;
  docs: string;
  elementwise: (prediction: tf.Tensor, target: tf.Tensor) => tf.Tensor;
}) {
  return defineNode({
    type: spec.type,
    version: 1,
    category: 'loss',
    title: spec.title,
    description: spec.description,
    docs: spec.docs,
    params: z.object({ reduction: zReduction }),
    inputs: [
      { name: 'prediction', contract: { role: 'tensor' }, description: 'What the model made.' },
      { name: 'target', contract: { role: 'tensor' }, description: 'What it should have made (same shape).' },
    ],
    outputs: [lossOutput],
    infer(ctx) {
      const prediction = single(ctx.inputs['prediction']);
      const target = single(ctx.inputs['target']);
      const errors: { port?: string; message: string }[] = [];
      const shape = pairedShapeError('prediction', prediction, 'target', target);
      if (shape !== undefined) errors.push({ port: 'target', message: shape });
      const rank = rankError('prediction', prediction, ctx.params.reduction);
      if (rank !== undefined) errors.push({ port: 'prediction', message: rank });
      return errors.length > 0 ? { errors } : { outputs: ctx.declaredOutputs };
    },
    build(ctx) {
      const { reduction } = ctx.params;
      return {
        forward(inputs) {
          return { loss: reduce(spec.elementwise(inputs.tensor('prediction'), inputs.tensor('target')), reduction) };
        },
      };
    },
  });
}
