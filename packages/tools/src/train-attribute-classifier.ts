import { Rng } from '@ganvas/core';
import { z } from 'zod';
import { AttributeClassifier, attributeLoss } from './attribute-classifier.js';
import { assertAttributeImages, pixelsPerImage, type AttributeImages } from './attribute-images.js';
import { labelWidth, type AttributeSchema } from './attribute-schema.js';
import { fitConvNet, type EpochReport } from './fit-convnet.js';

/** How an attribute classifier is trained; every field is part of the cache key. */
export const zAttributeTraining = z.strictObject({
  seed: z.number().int().default(1).describe('Seed of the initial weights, batch order and augmentation'),
  epochs: z.number().int().positive().default(10).describe('Passes over the training images'),
  batch: z.number().int().positive().default(32).describe('Images per update'),
  lr: z.number().positive().default(2e-3).describe('Adam learning rate at the start; it decays to 0 along a half cosine'),
  shift: z.number().int().min(0).max(4).default(2).describe('Random translation of each training image, ± pixels (edges repeated)'),
  noise: z.number().min(0).max(0.5).default(0.04).describe('Std of Gaussian noise added to each training pixel (in [0, 1] units)'),
});
export type AttributeTraining = z.infer<typeof zAttributeTraining>;

/**
 * Trains a fresh attribute classifier on `train` with a sigmoid BCE per label. Deterministic
 * for a given backend (init, order and augmentation from `options.seed`). The augmentation —
 * small shifts with repeated edges (a zero fill would paint black borders, a colour the
 * backgrounds use) and mild pixel noise — makes it judge the attributes of imperfect,
 * generated images rather than exact renderings.
 */
export function trainAttributeClassifier(
  train: AttributeImages,
  schema: AttributeSchema,
  options: Partial<AttributeTraining> = {},
  onEpoch?: (r: EpochReport) => void,
): AttributeClassifier {
  const o = zAttributeTraining.parse(options);
  assertAttributeImages(train, schema, 'attribute classifier training set');
  const rng = new Rng(o.seed);
  const classifier = new AttributeClassifier(schema, train.shape, AttributeClassifier.initialWeights(schema, train.shape, rng.nextUint32()));
  const width = labelWidth(schema);
  const per = pixelsPerImage(train);
  const [lo, hi] = train.range;
  try {
    fitConvNet(
      classifier,
      rng,
      o,
      {
        count: train.count,
        targetWidth: width,
        fill(k, row, x, y, r) {
          shiftClamped(x, row * per, train.images, k * per, train.shape, r, o.shift, (v) => (v - lo) / (hi - lo));
          if (o.noise > 0) for (let i = row * per; i < (row + 1) * per; i++) x[i] = x[i]! + o.noise * r.normal();
          y.set(train.labels.subarray(k * width, (k + 1) * width), row * width);
        },
      },
      attributeLoss,
      onEpoch,
    );
  } catch (e) {
    classifier.dispose();
    throw e;
  }
  return classifier;
}

/** Copies one HWC image translated by a random (dx, dy) in ±shift, edge pixels repeated, mapped by `map`. */
function shiftClamped(
  dst: Float32Array,
  at: number,
  src: Float32Array,
  from: number,
  [h, w, c]: readonly [number, number, number],
  rng: Rng,
  shift: number,
  map: (v: number) => number,
): void {
  const dx = shift ? rng.int(2 * shift + 1) - shift : 0;
  const dy = shift ? rng.int(2 * shift + 1) - shift : 0;
  for (let y = 0; y < h; y++) {
    const sy = Math.min(h - 1, Math.max(0, y - dy));
    for (let x = 0; x < w; x++) {
      const sx = Math.min(w - 1, Math.max(0, x - dx));
      for (let k = 0; k < c; k++) dst[at + (y * w + x) * c + k] = map(src[from + (sy * w + sx) * c + k]!);
    }
  }
}
