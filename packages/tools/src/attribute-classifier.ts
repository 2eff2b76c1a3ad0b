import * as tf from '@tensorflow/tfjs-core';
import { groupValues, labelWidth, type AttributeSchema } from './attribute-schema.js';
import { ConvNet, initConvNetWeights, type ClassifierWeights, type ConvNetSpec } from './convnet.js';

/**
 * The attribute classifier: the same small convnet as the digit classifier, sized to the
 * images (5×5 stride-2 convs with 16, 32, 64… filters until the maps are at most 8×8), then a
 * global max over the maps, dense 128, and one logit per label. Trained with a sigmoid per label (multi-label, as StarGAN's
 * D_cls), read per attribute: a one-hot group's value is the arg-max of its logits, a binary
 * attribute is present when its logit is above 0.
 *
 *   32×32×3: c16 → 16×16, c32 → 8×8, max → 32, d128 → labels   (~1.1 M MACs per image)
 *   64×64×3: c16 → 32×32, c32 → 16×16, c64 → 8×8, max → 64, d128 (~8 M MACs per image)
 *
 * The global max is what makes shapes learnable from a few thousand images: flattened 8×8 maps
 * reached 69% held-out shape accuracy (circle/square/triangle at 32×32, 3,000 images, 6
 * epochs) where the max reached 95% (99.7% in 10 epochs) — a corner detector firing anywhere
 * counts the same everywhere. Colour and size were ≥ 99.6% either way.
 */

/** Architecture id: part of the cache key; bump when the layers, their order or the loss change. */
export const ATTRIBUTE_ARCH = 'attr-convnet-v1: c5x5s2 x16,x32,x64.. to <=8px, global max, d128, one logit per label, sigmoid BCE; he-normal; adam, cosine lr';

/** The net for images of `shape` and `outputs` labels. */
export function attributeNet(shape: readonly [number, number, number], outputs: number): ConvNetSpec {
  const [h, w] = shape;
  const convs = [];
  let side = Math.max(h, w);
  for (let filters = 16; side > 8 || convs.length < 2; filters *= 2) {
    convs.push({ filters: Math.min(filters, 128), kernel: 5, stride: 2 });
    side = Math.ceil(side / 2);
  }
  return { input: [shape[0], shape[1], shape[2]], convs, globalPool: 'max', features: 128, outputs };
}

/** Per-image readings of an attribute classifier. */
export interface AttributePredictions {
  count: number;
  /** `count × groups`: each attribute's value (one-hot group: index of its label; binary: 0/1). */
  values: Int32Array;
  /** `count × labels`: logits (> 0 means the label is predicted present). */
  logits: Float32Array;
}

export class AttributeClassifier extends ConvNet {
  constructor(
    readonly schema: AttributeSchema,
    shape: readonly [number, number, number],
    weights: ClassifierWeights,
  ) {
    super(attributeNet(shape, labelWidth(schema)), weights);
  }

  /** He-normal initial weights for this schema and image shape. */
  static initialWeights(schema: AttributeSchema, shape: readonly [number, number, number], seed: number): ClassifierWeights {
    return initConvNetWeights(attributeNet(shape, labelWidth(schema)), seed);
  }

  /** Each image's attribute values and label logits; images NHWC in `range` (default [0, 1]). */
  predict(images: Float32Array, count: number, options: { range?: readonly [number, number]; batch?: number } = {}): AttributePredictions {
    const [logits] = this.batched(images, count, options, (x) => [this.apply(x).logits], 'the attribute classifier');
    const all = logits ?? new Float32Array(0);
    return { count, values: groupValues(all, count, this.schema, 0), logits: all };
  }
}

/** The sigmoid BCE the classifier trains on, averaged over labels and images. */
export function attributeLoss(y: tf.Tensor2D, logits: tf.Tensor2D): tf.Scalar {
  return tf.losses.sigmoidCrossEntropy(y, logits) as tf.Scalar;
}
