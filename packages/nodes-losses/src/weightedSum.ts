import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode } from '@ganvas/core';
import { LOSS_CONTRACT, lossOutput } from './common.js';

export const weightedSum = defineNode({
  type: 'loss.weightedSum',
  version: 1,
  category: 'loss',
  title: 'Weighted sum of losses',
  description:
    'Σ_i weights[i] · terms[i] over the connected loss terms, in edge order. Empty weights (the default) means every weight is 1.',
  docs: [
    'Combines loss terms, e.g. Pix2Pix `L_cGAN + 100·L_L1` is `terms = [gan, l1]`, `weights = [1, 100]`.',
    'Weights follow the order of the edges into `terms`; when given, there must be one per connected term.',
  ].join('\n'),
  params: z.object({
    weights: z
      .array(z.number())
      .default([])
      .describe('One weight per connected term, in edge order; empty means all 1.'),
  }),
  inputs: [{ name: 'terms', contract: LOSS_CONTRACT, multi: true, description: 'Scalar losses to add up.' }],
  outputs: [lossOutput],
  infer(ctx) {
    const terms = ctx.inputs['terms'];
    const count = terms === undefined ? 0 : Array.isArray(terms) ? terms.length : 1;
    const { weights } = ctx.params;
    if (count === 0) return { errors: [{ port: 'terms', message: 'connect at least one loss term to "terms"' }] };
    if (weights.length > 0 && weights.length !== count) {
      return {
        errors: [
          {
            port: 'terms',
            message: `"weights" has ${weights.length} entries but ${count} terms are connected; give one weight per term (or none for all 1)`,
          },
        ],
      };
    }
    return { outputs: ctx.declaredOutputs };
  },
  build(ctx) {
    const { weights } = ctx.params;
    return {
      forward(inputs) {
        const terms = inputs.tensors('terms');
        if (weights.length > 0 && weights.length !== terms.length) {
          throw new Error(`node ${ctx.nodeId}: ${weights.length} weights for ${terms.length} terms`);
        }
        const scaled = terms.map((t, i) => tf.mul(t, weights[i] ?? 1));
        return { loss: scaled.length === 1 ? scaled[0]! : tf.addN(scaled) };
      },
    };
  },
});
