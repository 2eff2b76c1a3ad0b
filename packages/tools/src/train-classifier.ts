import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@ganvas/core';
import { z } from 'zod';
import { CLASSES, DigitClassifier, initClassifierWeights } from './classifier.js';
import { DIGIT_PIXELS, assertLabelledImages, type LabelledImages } from './labelled-images.js';
import { fitConvNet, type EpochReport } from './fit-convnet.js';

/** How the digit classifier is trained; every field is part of the cache key. */
export const zClassifierTraining = z.strictObject({
  seed: z.number().int().default(1).describe('Seed of the initial weights, batch order and shifts'),
  epochs: z.number().int().positive().default(8).describe('Passes over the training images'),
  batch: z.number().int().positive().default(64).describe('Images per update'),
  lr: z.number().positive().default(1e-3).describe('Adam learning rate at the start; it decays to 0 along a half cosine'),
  shift: z.number().int().min(0).max(4).default(2).describe('Random translation of each training image, ± pixels'),
});
export type ClassifierTraining = z.infer<typeof zClassifierTraining>;

export type { EpochReport };

/**
 * Trains a fresh classifier with Adam on softmax cross-entropy. Deterministic for a given
 * backend: init, order and augmentation all come from `options.seed`. The random shifts
 * (zero-filled) make up for the small training split (9,000 digits).
 */
export function trainClassifier(
  train: LabelledImages,
  options: Partial<ClassifierTraining> = {},
  onEpoch?: (r: EpochReport) => void,
): DigitClassifier {
  const o = zClassifierTraining.parse(options);
  assertLabelledImages(train, 'classifier training set', CLASSES);
  const rng = new Rng(o.seed);
  const classifier = new DigitClassifier(initClassifierWeights(rng.nextUint32()));
  try {
    fitConvNet(
      classifier,
      rng,
      o,
      {
        count: train.count,
        targetWidth: CLASSES,
        fill(k, row, x, y, r) {
          shiftInto(x, row * DIGIT_PIXELS, train.images, k * DIGIT_PIXELS, r, o.shift);
          y[row * CLASSES + train.labels[k]!] = 1;
        },
      },
      (y, logits) => tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar,
      onEpoch,
    );
  } catch (e) {
    classifier.dispose();
    throw e;
  }
  return classifier;
}

/** Copies one 28×28 image translated by a random (dx, dy) in ±shift, zero-filled. */
function shiftInto(dst: Float32Array, at: number, src: Float32Array, from: number, rng: Rng, shift: number): void {
  const dx = shift ? rng.int(2 * shift + 1) - shift : 0;
  const dy = shift ? rng.int(2 * shift + 1) - shift : 0;
  for (let y = 0; y < 28; y++) {
    const sy = y - dy;
    for (let x = 0; x < 28; x++) {
      const sx = x - dx;
      dst[at + y * 28 + x] = sy >= 0 && sy < 28 && sx >= 0 && sx < 28 ? src[from + sy * 28 + sx]! : 0;
    }
  }
}
