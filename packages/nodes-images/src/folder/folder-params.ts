import type { ForwardContext } from '@ganvas/core';
import { z } from 'zod';
import { zBatchOrder } from '@ganvas/core';
import { zBatch } from '../params.js';
import { centerSquare, resizeBilinear } from './resize.js';
import type { RgbImage } from './decode.js';

/** Params every folder dataset shares: geometry, augmentation, bad files, order. */
export const folderParamFields = {
  size: z.number().int().min(4).max(1024).default(64).describe('Side of the square images the node outputs, in pixels.'),
  loadSize: z
    .number()
    .int()
    .min(4)
    .max(2048)
    .optional()
    .describe('Images are first resized (bilinear) to loadSize×loadSize, then cropped to size×size; unset: size (no crop).'),
  aspect: z
    .enum(['centerSquare', 'stretch'])
    .default('centerSquare')
    .describe('Before resizing: centerSquare cuts the largest centred square (keeps proportions); stretch resizes the whole image.'),
  crop: z
    .enum(['random', 'center'])
    .default('random')
    .describe('Where the size×size window is cut from the loadSize image in training; previews and evaluations always use the centre.'),
  flip: z.boolean().default(false).describe('In training, mirror each example left-right with probability 1/2.'),
  onBadImage: z
    .enum(['error', 'skip'])
    .default('error')
    .describe('A corrupt, truncated or unreadable image: error stops the build naming the file; skip leaves it out with a warning naming it.'),
  order: zBatchOrder,
  batch: zBatch,
};

export interface Geometry {
  size: number;
  loadSize?: number | undefined;
  aspect: 'centerSquare' | 'stretch';
  crop: 'random' | 'center';
  flip: boolean;
}

/** The side images are stored at (the loadSize, never below the output size). */
export function storedSide(g: Geometry): number {
  return Math.max(g.size, g.loadSize ?? g.size);
}

/** Bring a decoded image to the stored square (bytes, loadSize×loadSize×3). */
export function prepare(img: RgbImage, g: Geometry): Uint8Array {
  const square = g.aspect === 'centerSquare' ? centerSquare(img) : img;
  const side = storedSide(g);
  return resizeBilinear(square, side, side).rgb;
}

/** Crop offset and flip for one example: random in training, centred and unflipped otherwise. */
export function drawWindow(g: Geometry, fctx: Pick<ForwardContext, 'rng' | 'purpose'>): { x0: number; y0: number; flip: boolean } {
  const slack = storedSide(g) - g.size;
  if (fctx.purpose !== 'train') return { x0: Math.floor(slack / 2), y0: Math.floor(slack / 2), flip: false };
  const random = g.crop === 'random';
  const x0 = random ? fctx.rng.int(slack + 1) : Math.floor(slack / 2);
  const y0 = random ? fctx.rng.int(slack + 1) : Math.floor(slack / 2);
  return { x0, y0, flip: g.flip && fctx.rng.uniform() < 0.5 };
}
