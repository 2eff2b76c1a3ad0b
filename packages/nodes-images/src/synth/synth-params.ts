import { z } from 'zod';
import { zBatch, type Split } from '../params.js';
import { zBatchOrder } from '@ganvas/core';
import { zSplit } from '../params.js';

/** Params every synthetic-shapes source shares. */
export const synthParamFields = {
  size: z
    .literal([32, 64])
    .default(64)
    .describe('Image side in pixels: 32 or 64.'),
  split: zSplit,
  seed: z
    .number()
    .int()
    .nonnegative()
    .default(0)
    .describe("Seed of the dataset's content (not of the run): the same seed gives the same images at each index."),
  trainCount: z.number().int().positive().default(5000).describe('Examples in the training split (one epoch).'),
  heldoutCount: z.number().int().positive().default(1000).describe('Examples in the held-out split.'),
  order: zBatchOrder,
  batch: zBatch,
};

export function splitCount(params: { split: Split; trainCount: number; heldoutCount: number }): number {
  return params.split === 'train' ? params.trainCount : params.heldoutCount;
}
