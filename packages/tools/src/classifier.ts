import * as tf from '@tensorflow/tfjs-core';
import { ConvNet, initConvNetWeights, type ClassifierWeights, type ConvNetSpec } from './convnet.js';

/**
 * A small MNIST convnet that ganvas trains itself, to measure generated digits: its class
 * predictions give coverage and label accuracy, its penultimate layer the features of a
 * Fréchet distance. It is a ConvNet (convnet.ts: tfjs-core ops, every backend) laid out as
 *
 *   x [B,28,28,1] in [0,1]
 *   → conv 5×5 stride 2 'same', 16 filters, ReLU   → 14×14×16
 *   → conv 5×5 stride 2 'same', 32 filters, ReLU   → 7×7×32
 *   → flatten → dense 128, ReLU                     → features (FID space)
 *   → dense 10                                      → logits
 *
 * Strided convolutions instead of pooling keep the backward pass to kernels the wasm
 * backend has (it has no MaxPool gradient worth using), and the net to ~0.9 M MACs per image.
 */

/** Architecture id: part of the cache key; bump when the layers or their order change. */
export const CLASSIFIER_ARCH = 'mnist-convnet-v1: c5x5s2x16 c5x5s2x32 d128 d10, relu, he-normal; adam, cosine lr';
/** Width of the feature layer. */
export const FEATURE_DIM = 128;
export const CLASSES = 10;

/** The MNIST net as a ConvNetSpec (its weights keep the names and order they always had). */
export const DIGIT_NET: ConvNetSpec = {
  input: [28, 28, 1],
  convs: [
    { filters: 16, kernel: 5, stride: 2 },
    { filters: 32, kernel: 5, stride: 2 },
  ],
  features: FEATURE_DIM,
  outputs: CLASSES,
};

export type { ClassifierWeights };

/** He-normal kernels, zero biases, from `seed`. */
export function initClassifierWeights(seed: number): ClassifierWeights {
  return initConvNetWeights(DIGIT_NET, seed);
}

/** What a classifier's predictions and features on a set of images are. */
export interface Embedding {
  count: number;
  /** `count × FEATURE_DIM` penultimate-layer activations. */
  features: Float32Array;
  /** Arg-max class of each image. */
  predictions: Int32Array;
  /** The classifier's probability of that class (the largest softmax output). */
  confidence: Float32Array;
}

/** The digit classifier's live weights on the current tfjs backend. */
export class DigitClassifier extends ConvNet {
  constructor(weights: ClassifierWeights) {
    super(DIGIT_NET, weights);
  }

  /**
   * Features and predictions of `count` images given as NHWC (or flat) values in `range`,
   * mapped to the [0,1] the classifier was trained on (clamped), in batches of `batch`.
   */
  embed(images: Float32Array, count: number, options: { range?: readonly [number, number]; batch?: number } = {}): Embedding {
    const [features, predictions, confidence] = this.batched(
      images,
      count,
      options,
      (x) => {
        const out = this.apply(x);
        return [out.features, tf.argMax(out.logits, 1), tf.max(tf.softmax(out.logits), 1)];
      },
      'the classifier',
    );
    return {
      count,
      features: features ?? new Float32Array(0),
      predictions: Int32Array.from(predictions ?? []),
      confidence: Float32Array.from(confidence ?? []),
    };
  }

  /** Share of images whose prediction equals their label. */
  accuracy(images: Float32Array, labels: Int32Array, count: number): number {
    const { predictions } = this.embed(images, count);
    let right = 0;
    for (let i = 0; i < count; i++) if (predictions[i] === labels[i]) right++;
    return count ? right / count : 0;
  }
}
