import { Rng } from '@ganvas/core';
import { BACKGROUNDS, COLOURS, SHAPES, SIZE_FRACTION, SIZES, type ShapeSpec } from './attributes.js';

/**
 * Deterministic shape specs by (dataset seed, stream, split, index): each example gets its own
 * generator seeded from a hash of those four numbers, so example i is the same whatever was
 * drawn before it, batches can render any index in any order, and the train and held-out
 * splits are different streams (disjoint: see `tests/images/shapes-splits.test.ts`).
 */

/** A 32-bit hash of a few integers (murmur3-style finaliser per word). */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    let k = Math.imul(p >>> 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = ((h << 13) | (h >>> 19)) >>> 0;
    h = (Math.imul(h, 5) + 0xe6546b64) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Numbers naming independent example streams (datasets and CycleGAN domains). */
export const STREAM = {
  shapes: 1,
  paired: 2,
  domainA: 3,
  domainB: 4,
  backgrounds: 5,
} as const;

const SPLIT_CODE = { train: 0, heldout: 1 } as const;

/** Attributes a stream fixes (CycleGAN domains fix one, e.g. shape = circle). */
export type Fixed = Partial<Pick<ShapeSpec, 'shape' | 'colour' | 'size' | 'background'>>;

function pick<T>(rng: Rng, values: readonly T[]): T {
  return values[rng.int(values.length)]!;
}

export function shapeSpec(seed: number, stream: number, split: 'train' | 'heldout', index: number, fixed: Fixed = {}): ShapeSpec {
  const rng = new Rng(mixSeed(seed, stream, SPLIT_CODE[split], index));
  // Every attribute is drawn even when fixed, so fixing one leaves the others' draws unchanged.
  const shape = pick(rng, SHAPES);
  const colour = pick(rng, COLOURS);
  const size = pick(rng, SIZES);
  const background = pick(rng, BACKGROUNDS);
  const s = { shape: fixed.shape ?? shape, colour: fixed.colour ?? colour, size: fixed.size ?? size, background: fixed.background ?? background };
  const r = SIZE_FRACTION[s.size] * (0.92 + 0.16 * rng.uniform());
  // Keep the whole shape (triangles reach 1.25 r from their centre) 3% inside the border.
  const slack = Math.max(0, 0.5 - 1.25 * r - 0.03);
  const cx = 0.5 + slack * (2 * rng.uniform() - 1);
  const cy = 0.5 + slack * (2 * rng.uniform() - 1);
  const angle = ((2 * rng.uniform() - 1) * Math.PI) / 12;
  return { ...s, cx, cy, r, angle };
}
