import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { dimsCompatible, formatShape } from '@ganvas/core';
import type { Contract, PortSpec } from '@ganvas/core';

/** Every loss node gives a scalar on its `loss` port. */
export const LOSS_CONTRACT: Contract = { role: 'loss', shape: [] };

export const lossOutput: PortSpec = {
  name: 'loss',
  contract: LOSS_CONTRACT,
  description: 'Scalar loss (shape []).',
};

export const zReduction = z
  .enum(['mean', 'sumPerSample'])
  .default('mean')
  .describe(
    "'mean': mean over every element. 'sumPerSample': sum over all non-batch dims, then mean over the batch (dim 0).",
  );
export type Reduction = z.infer<typeof zReduction>;

/** Reduce an elementwise loss tensor to a scalar. */
export function reduce(elementwise: tf.Tensor, reduction: Reduction): tf.Scalar {
  if (reduction === 'mean' || elementwise.rank <= 1) return tf.mean(elementwise);
  const batch = elementwise.shape[0]!;
  return tf.div(tf.sum(elementwise), batch) as tf.Scalar;
}

/** The single contract of a non-multi input, if connected. */
export function single(c: Contract | Contract[] | undefined): Contract | undefined {
  return Array.isArray(c) ? c[0] : c;
}

/**
 * Check that two elementwise-paired inputs have the same shape (symbols are compatible with
 * anything). Returns an error message naming both ports and shapes, or undefined.
 */
export function pairedShapeError(
  aPort: string,
  a: Contract | undefined,
  bPort: string,
  b: Contract | undefined,
): string | undefined {
  if (a?.shape === undefined || b?.shape === undefined) return undefined;
  const sa = a.shape;
  const sb = b.shape;
  const same = sa.length === sb.length && sa.every((d, i) => dimsCompatible(d, sb[i]!));
  if (same) return undefined;
  return `"${aPort}" and "${bPort}" must have the same shape, but "${aPort}" is ${formatShape(sa)} and "${bPort}" is ${formatShape(sb)}`;
}

/** Error when a reduction over the batch needs a batch dim that a rank-0 input lacks. */
export function rankError(port: string, c: Contract | undefined, reduction: Reduction): string | undefined {
  if (reduction !== 'sumPerSample' || c?.shape === undefined || c.shape.length >= 1) return undefined;
  return `reduction 'sumPerSample' needs a batch dim, but "${port}" is a scalar (shape [])`;
}

/** Binary cross-entropy on logits, elementwise: softplus(x) − t·x (stable for large |x|). */
export function bceWithLogits(logits: tf.Tensor, target: tf.Tensor | number): tf.Tensor {
  return tf.sub(tf.softplus(logits), tf.mul(logits, target));
}
