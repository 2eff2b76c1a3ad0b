import { shardRange, type Contract, type Dim, type ForwardContext } from '@ganvas/core';
import { z } from 'zod';

/** Params and contracts every image source of this package shares. */

/** The optional `batch` param: overrides the run's batch size. */
export const zBatch = z
  .number()
  .int()
  .positive()
  .optional()
  .describe("Batch size of this source; unset: the run's batch size.");

export const zSplit = z
  .enum(['train', 'heldout'])
  .default('train')
  .describe('Which fixed, disjoint part of the dataset to draw from: training examples or held-out ones.');
export type Split = z.infer<typeof zSplit>;

/** Images flow as NHWC float32 in [-1, 1] (tanh generators), as in the image-to-image papers. */
export const IMAGE_RANGE: [number, number] = [-1, 1];

export function imageContract(batch: Dim, height: Dim, width: Dim, channels: Dim = 3): Contract {
  return { role: 'image', dtype: 'float32', shape: [batch, height, width, channels], range: IMAGE_RANGE };
}

/** Attribute vectors (one-hot groups and binary attributes side by side), 0/1 float32. */
export function labelContract(batch: Dim, size: Dim): Contract {
  return { role: 'label', dtype: 'float32', shape: [batch, size] };
}

/** The batch size one evaluation draws: the `batch` param, else the run's. */
export function batchSize(param: number | undefined, fctx: { batchSize: number }): number {
  return param ?? fctx.batchSize;
}

/**
 * This evaluation's share of a batch: the source draws `full` rows (indices, and any per-row
 * randomness, exactly as a one-worker run) and builds rows `[start, start + n)` — all of
 * them, or this worker's shard in data-parallel training.
 */
export function batchRows(param: number | undefined, fctx: Pick<ForwardContext, 'batchSize' | 'shard'>): { full: number; start: number; n: number } {
  const full = batchSize(param, fctx);
  const [start, end] = shardRange(fctx, full);
  return { full, start, n: end - start };
}
