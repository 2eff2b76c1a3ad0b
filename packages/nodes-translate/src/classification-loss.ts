import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode } from '@ganvas/core';
import { assertSameShape, lossOutput, sameShape, single } from './common.js';

export const zClassificationLossParams = z.object({
  kind: z
    .enum(['sigmoid', 'softmax'])
    .default('sigmoid')
    .describe(
      "sigmoid: multi-label, binary cross-entropy per label on the logits (StarGAN on CelebA); " +
        'softmax: single-label, cross-entropy of a softmax over the labels against a one-hot target (StarGAN on RaFD).',
    ),
});
export type ClassificationLossParams = z.infer<typeof zClassificationLossParams>;

/** Added to masked-out logits before the softmax: exp of it is exactly 0 in float32. */
const MASKED_LOGIT = -1e9;

/** Σ_k mask·BCE(logit, target) per sample: softplus(l) − t·l, the stable form. */
function sigmoidTerms(logits: tf.Tensor, target: tf.Tensor, mask: tf.Tensor | undefined): tf.Tensor {
  const bce = tf.sub(tf.softplus(logits), tf.mul(target, logits));
  return tf.sum(mask ? tf.mul(bce, mask) : bce, 1);
}

/** −Σ_k t·log softmax(l) per sample, the softmax taken over the unmasked labels only. */
function softmaxTerms(logits: tf.Tensor, target: tf.Tensor, mask: tf.Tensor | undefined): tf.Tensor {
  const shifted = mask ? tf.add(logits, tf.mul(tf.sub(1, mask), MASKED_LOGIT)) : logits;
  const logp = tf.logSoftmax(shifted, 1);
  const t = mask ? tf.mul(target, mask) : target;
  return tf.neg(tf.sum(tf.mul(t, logp), 1));
}

/**
 * StarGAN's domain classification loss on D_cls logits. With a `mask` (1 on the labels of the
 * dataset a sample came from, 0 elsewhere; `i2i.maskedLabels` gives it from c̃) only those
 * labels count: a masked-out logit gets exactly zero gradient.
 */
export const classificationLoss = defineNode({
  type: 'i2i.classificationLoss',
  version: 1,
  category: 'loss',
  title: 'Domain classification loss',
  description:
    'Multi-label (sigmoid BCE with logits) or single-label (softmax cross-entropy) loss of D_cls logits against target labels, ' +
    'optionally only over the labels a mask selects per sample (StarGAN mask vector). Sum over labels, mean over the batch.',
  docs: [
    "StarGAN's L_cls^r (real images, original labels c′; trains D) and L_cls^f (translated images, target labels c; trains G):",
    '`E[−log D_cls(c | x)]`. As in the StarGAN code, the multi-label form sums BCE over the labels and averages',
    'over the batch (`BCE_with_logits(sum) / B`); the single-label form is `F.cross_entropy` (mean over the batch).',
    '',
    'Training on two datasets (mask vector c̃ = [c₁, c₂, m]): connect `mask` (1 on the label slot of each sample’s',
    'dataset). Masked labels add nothing to the loss and receive exactly zero gradient; for `softmax` the softmax',
    'runs over the unmasked labels only. A sample whose mask is all zero contributes 0 but still counts in the mean.',
  ].join('\n'),
  params: zClassificationLossParams,
  inputs: [
    { name: 'logits', contract: { role: 'logits', shape: ['B', 'K'] }, description: 'Classifier logits [B, K] (e.g. StarGAN D_cls).' },
    { name: 'target', contract: { role: 'label', shape: ['B', 'K'] }, description: 'Target labels [B, K], 0/1 (one-hot for softmax).' },
    { name: 'mask', contract: { role: 'tensor', shape: ['B', 'K'] }, optional: true, description: 'Per-sample label mask [B, K] (1 = counts).' },
  ],
  outputs: [lossOutput],
  infer(ctx) {
    const logits = single(ctx.inputs['logits']);
    const errors: { port: string; message: string }[] = [];
    for (const port of ['target', 'mask']) {
      const msg = sameShape('logits', logits, port, single(ctx.inputs[port]));
      if (msg !== undefined) errors.push({ port, message: msg });
    }
    return errors.length > 0 ? { errors } : { outputs: ctx.declaredOutputs };
  },
  build(ctx) {
    const kind = ctx.params.kind;
    return {
      forward(inputs) {
        const logits = inputs.tensor('logits');
        const target = inputs.tensor('target');
        const mask = inputs.optionalTensor('mask');
        assertSameShape(ctx.nodeId, 'logits', logits, 'target', target);
        if (mask) assertSameShape(ctx.nodeId, 'logits', logits, 'mask', mask);
        const perSample = kind === 'sigmoid' ? sigmoidTerms(logits, target, mask) : softmaxTerms(logits, target, mask);
        return { loss: tf.mean(perSample) };
      },
    };
  },
});
