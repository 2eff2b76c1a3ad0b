import type { Contract, Dim } from '@ganvas/core';
import { z } from 'zod';

/** The `dims` param of the noise sources: the per-example shape, without the batch dim. */
export const dimsParam = z
  .union([z.number().int().positive(), z.array(z.number().int().positive()).min(1)])
  .default(100)
  .describe('Shape of one noise sample without the batch dim: a length (100) or dims ([4, 4, 8]).');

export function dimsOf(dims: number | number[]): number[] {
  return typeof dims === 'number' ? [dims] : dims;
}

/** The `z` output contract for a batch dim and per-example dims. */
export function latentContract(batch: Dim, dims: number | number[]): Contract {
  return { role: 'latent', dtype: 'float32', shape: [batch, ...dimsOf(dims)] };
}
