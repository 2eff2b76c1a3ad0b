import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode } from '@ganvas/core';
import { LOSS_OUTPUT } from './common.js';
import { gramMatrix } from './gram.js';

/**
 * E_l = Σ(G − A)² / (4·N²·M²) for one layer: G the Gram matrix of the generated features
 * [B, H, W, N] (M = H·W), A the target Gram [B or 1, N, N] — or target features, whose Gram
 * is taken here. Summed over the batch (style transfer optimises one image: B = 1).
 */
export function styleLayerLoss(features: tf.Tensor, target: tf.Tensor): tf.Scalar {
  if (features.rank !== 4) throw new Error(`style loss: expected generated features [B, H, W, C], got [${features.shape.join(', ')}]`);
  const [, h, w, n] = features.shape as [number, number, number, number];
  const m = h * w;
  return tf.tidy(() => {
    const g = gramMatrix(features);
    const a = target.rank === 4 ? gramMatrix(target) : target;
    if (a.rank !== 3 || a.shape[1] !== n || a.shape[2] !== n) {
      throw new Error(`style loss: the generated features have ${n} channels but the target is [${target.shape.join(', ')}]; connect the same layer's features or Gram matrix`);
    }
    return tf.div(tf.sum(tf.square(tf.sub(g, a))), 4 * n * n * m * m) as tf.Scalar;
  });
}

export const zStyleLossParams = z.object({
  weights: z
    .array(z.number().nonnegative())
    .default([])
    .describe('w_l per connected layer, in edge order; empty means 1/L each (Gatys: 1/5 over conv1_1..conv5_1).'),
});

export const styleLoss = defineNode({
  type: 'style.styleLoss',
  version: 1,
  category: 'loss',
  title: 'Style loss',
  description:
    'L_style = Σ_l w_l·E_l, E_l = Σ(G^l − A^l)² / (4·N_l²·M_l²): Gram matrices G of the generated image against A of the style image, N_l channels, M_l = h·w.',
  params: zStyleLossParams,
  inputs: [
    { name: 'features', contract: { role: 'features' }, multi: true, description: 'Generated-image features [B, H, W, C], one edge per layer.' },
    { name: 'targets', contract: { role: 'features' }, multi: true, description: 'Style targets, same layers in the same order: Gram matrices [B, C, C] (or features, Gram taken per step).' },
  ],
  outputs: [LOSS_OUTPUT],
  infer(ctx) {
    const count = (p: string) => {
      const v = ctx.inputs[p];
      return v === undefined ? 0 : Array.isArray(v) ? v.length : 1;
    };
    const nf = count('features');
    const nt = count('targets');
    const errors: { port?: string; message: string }[] = [];
    if (nf === 0) errors.push({ port: 'features', message: 'connect at least one layer’s features' });
    if (nf !== nt) errors.push({ port: 'targets', message: `${nf} feature edges but ${nt} target edges; connect one target per layer, in the same order` });
    const { weights } = ctx.params;
    if (weights.length > 0 && weights.length !== nf) {
      errors.push({ message: `"weights" has ${weights.length} entries for ${nf} layers; give one per layer (or none for 1/L each)` });
    }
    return errors.length > 0 ? { errors } : { outputs: ctx.declaredOutputs };
  },
  build(ctx) {
    const { weights } = ctx.params;
    return {
      forward(inputs) {
        const fs = inputs.tensors('features');
        const ts = inputs.tensors('targets');
        if (fs.length !== ts.length) throw new Error(`node ${ctx.nodeId}: ${fs.length} features but ${ts.length} targets`);
        const terms = fs.map((f, i) => tf.mul(styleLayerLoss(f, ts[i]!), weights[i] ?? 1 / fs.length));
        return { loss: terms.length === 1 ? terms[0]! : tf.addN(terms) };
      },
    };
  },
});
