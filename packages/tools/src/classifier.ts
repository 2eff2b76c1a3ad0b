import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@ganvas/core';
import { DIGIT_PIXELS } from './labelled-images.js';

/**
 * A small MNIST convnet that ganvas trains itself, to measure generated digits: its class
 * predictions give coverage and label accuracy, its penultimate layer the features of a
 * Fréchet distance. Written in tfjs-core ops (no layers API), so it runs on every backend
 * that can train a convnet (wasm with @ganvas/backend's kernels, cpu, webgl).
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

interface WeightSpec {
  name: string;
  shape: number[];
  /** Fan-in for He-normal init; 0 for biases (zeros). */
  fanIn: number;
}

const WEIGHTS: WeightSpec[] = [
  { name: 'c1/kernel', shape: [5, 5, 1, 16], fanIn: 25 },
  { name: 'c1/bias', shape: [16], fanIn: 0 },
  { name: 'c2/kernel', shape: [5, 5, 16, 32], fanIn: 400 },
  { name: 'c2/bias', shape: [32], fanIn: 0 },
  { name: 'd1/kernel', shape: [7 * 7 * 32, FEATURE_DIM], fanIn: 7 * 7 * 32 },
  { name: 'd1/bias', shape: [FEATURE_DIM], fanIn: 0 },
  { name: 'd2/kernel', shape: [FEATURE_DIM, CLASSES], fanIn: FEATURE_DIM },
  { name: 'd2/bias', shape: [CLASSES], fanIn: 0 },
];

/** Plain weight values by name: what the cache stores. */
export type ClassifierWeights = Record<string, { shape: number[]; values: Float32Array }>;

/** He-normal kernels, zero biases, from `seed`. */
export function initClassifierWeights(seed: number): ClassifierWeights {
  const rng = new Rng(seed);
  const out: ClassifierWeights = {};
  for (const w of WEIGHTS) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    out[w.name] = { shape: [...w.shape], values: w.fanIn ? rng.normals(n, 0, Math.sqrt(2 / w.fanIn)) : new Float32Array(n) };
  }
  return out;
}

/** What a classifier's predictions and features on a set of images are. */
export interface Embedding {
  count: number;
  /** `count × FEATURE_DIM` penultimate-layer activations. */
  features: Float32Array;
  /** Arg-max class of each image. */
  predictions: Int32Array;
}

/** The classifier's live weights on the current tfjs backend. */
export class DigitClassifier {
  readonly variables: Record<string, tf.Variable>;

  constructor(weights: ClassifierWeights) {
    this.variables = {};
    for (const w of WEIGHTS) {
      const given = weights[w.name];
      if (!given || given.shape.join() !== w.shape.join()) {
        throw new Error(`classifier weights: "${w.name}" should have shape [${w.shape}], got ${given ? `[${given.shape}]` : 'nothing'}`);
      }
      this.variables[w.name] = tf.variable(tf.tensor(given.values, w.shape, 'float32'), true);
    }
  }

  private v(name: string): tf.Variable {
    return this.variables[name]!;
  }

  /** Features and logits of `x` ([B,28,28,1] in [0,1]). Call inside tf.tidy. */
  apply(x: tf.Tensor4D): { features: tf.Tensor2D; logits: tf.Tensor2D } {
    const c1 = tf.relu(tf.add(tf.conv2d(x, this.v('c1/kernel') as tf.Tensor4D, 2, 'same'), this.v('c1/bias')));
    const c2 = tf.relu(tf.add(tf.conv2d(c1 as tf.Tensor4D, this.v('c2/kernel') as tf.Tensor4D, 2, 'same'), this.v('c2/bias')));
    const flat = tf.reshape(c2, [x.shape[0], 7 * 7 * 32]);
    const features = tf.relu(tf.add(tf.matMul(flat, this.v('d1/kernel') as tf.Tensor2D), this.v('d1/bias'))) as tf.Tensor2D;
    const logits = tf.add(tf.matMul(features, this.v('d2/kernel') as tf.Tensor2D), this.v('d2/bias')) as tf.Tensor2D;
    return { features, logits };
  }

  /**
   * Features and predictions of `count` images given as NHWC (or flat) values in `range`,
   * mapped to the [0,1] the classifier was trained on (clamped), in batches of `batch`.
   */
  embed(images: Float32Array, count: number, options: { range?: readonly [number, number]; batch?: number } = {}): Embedding {
    if (images.length !== count * DIGIT_PIXELS) {
      throw new Error(`the classifier takes 28×28×1 images: got ${images.length} values for ${count} images`);
    }
    const [lo, hi] = options.range ?? [0, 1];
    const batch = options.batch ?? 250;
    const features = new Float32Array(count * FEATURE_DIM);
    const predictions = new Int32Array(count);
    for (let start = 0; start < count; start += batch) {
      const n = Math.min(batch, count - start);
      const [f, p] = tf.tidy(() => {
        const raw = tf.tensor4d(images.subarray(start * DIGIT_PIXELS, (start + n) * DIGIT_PIXELS), [n, 28, 28, 1]);
        const x = tf.clipByValue(tf.div(tf.sub(raw, lo), hi - lo), 0, 1) as tf.Tensor4D;
        const out = this.apply(x);
        return [out.features, tf.argMax(out.logits, 1)];
      });
      features.set(f.dataSync() as Float32Array, start * FEATURE_DIM);
      predictions.set(p.dataSync() as Int32Array, start);
      f.dispose();
      p.dispose();
    }
    return { count, features, predictions };
  }

  /** Share of images whose prediction equals their label. */
  accuracy(images: Float32Array, labels: Int32Array, count: number): number {
    const { predictions } = this.embed(images, count);
    let right = 0;
    for (let i = 0; i < count; i++) if (predictions[i] === labels[i]) right++;
    return count ? right / count : 0;
  }

  /** A copy of the current weights. */
  weights(): ClassifierWeights {
    const out: ClassifierWeights = {};
    for (const w of WEIGHTS) out[w.name] = { shape: [...w.shape], values: (this.v(w.name).dataSync() as Float32Array).slice() };
    return out;
  }

  trainable(): tf.Variable[] {
    return WEIGHTS.map((w) => this.v(w.name));
  }

  dispose(): void {
    for (const v of Object.values(this.variables)) v.dispose();
  }
}
