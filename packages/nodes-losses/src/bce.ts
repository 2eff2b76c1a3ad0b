import { z } from 'zod';
import { defineNode } from '@ganvas/core';
import { bceWithLogits, lossOutput, pairedShapeError, rankError, reduce, single, zReduction } from './common.js';

export const bce = defineNode({
  type: 'loss.bce',
  version: 1,
  category: 'loss',
  title: 'Binary cross-entropy (logits)',
  description:
    'Reconstruction binary cross-entropy on logits: elementwise softplus(x) − t·x = −[t·log σ(x) + (1−t)·log(1−σ(x))], ' +
    "reduced by 'mean' (over all elements) or 'sumPerSample' (sum over non-batch dims, mean over the batch).",
  docs: [
    'Elementwise `BCE(x, t) = softplus(x) − t·x`, stable for large |x|; equals',
    '`torch.nn.functional.binary_cross_entropy_with_logits(x, t, reduction="none")`.',
    '',
    "- `mean`: mean over every element (PyTorch's default reduction).",
    "- `sumPerSample`: `Σ_{non-batch dims} BCE / B`, the Bernoulli negative log-likelihood per sample a VAE uses.",
    '',
    'Targets must lie in [0, 1] (e.g. images scaled to [0, 1]).',
  ].join('\n'),
  params: z.object({ reduction: zReduction }),
  inputs: [
    { name: 'logits', contract: { role: 'logits' }, description: 'Predicted logits (pre-sigmoid).' },
    { name: 'target', contract: { role: 'tensor' }, description: 'Targets in [0, 1], same shape as logits.' },
  ],
  outputs: [lossOutput],
  infer(ctx) {
    const logits = single(ctx.inputs['logits']);
    const target = single(ctx.inputs['target']);
    const errors: { port?: string; message: string }[] = [];
    const shape = pairedShapeError('logits', logits, 'target', target);
    if (shape !== undefined) errors.push({ port: 'target', message: shape });
    const rank = rankError('logits', logits, ctx.params.reduction);
    if (rank !== undefined) errors.push({ port: 'logits', message: rank });
    const range = target?.range;
    if (range !== undefined && (range[0] < 0 || range[1] > 1)) {
      errors.push({
        port: 'target',
        message: `binary cross-entropy needs targets in [0, 1], but "target" has range [${range[0]}, ${range[1]}] (rescale it first)`,
      });
    }
    return errors.length > 0 ? { errors } : { outputs: ctx.declaredOutputs };
  },
  build(ctx) {
    const { reduction } = ctx.params;
    return {
      forward(inputs) {
        return { loss: reduce(bceWithLogits(inputs.tensor('logits'), inputs.tensor('target')), reduction) };
      },
    };
  },
});
