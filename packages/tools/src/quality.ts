import { CLASSES, FEATURE_DIM, type DigitClassifier, type Embedding } from './classifier.js';
import { drawLatents, generate, type Generator, type Images } from './find-generator.js';
import { featureStats, frechetFromStats, type FeatureStats } from './frechet.js';
import { DIGIT_PIXELS, type LabelledImages } from './labelled-images.js';

/**
 * Sample-based quality of generated digits, measured with the digit classifier:
 * - class coverage: the share of samples the classifier puts in each class (a GAN that
 *   collapsed onto a few digits shows empty classes), compared with the real class shares;
 * - label accuracy (conditional generators): the share of samples classified as the label
 *   they were generated for;
 * - Fréchet distance between the classifier's penultimate-layer features of the samples and
 *   of real held-out digits ("FID" with our MNIST classifier instead of Inception: comparable
 *   between runs measured with the same classifier, not with published FIDs).
 */

/** Share of predictions in each class. */
export function classShares(predictions: ArrayLike<number>, classes = CLASSES): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < predictions.length; i++) {
    const p = predictions[i]!;
    if (p >= 0 && p < classes) counts[p]!++;
  }
  return counts.map((c) => (predictions.length ? c / predictions.length : 0));
}

/** Share of predictions equal to the requested labels. */
export function labelAccuracy(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (predictions.length !== labels.length) throw new Error(`labelAccuracy: ${predictions.length} predictions for ${labels.length} labels`);
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] === labels[i]) right++;
  return labels.length ? right / labels.length : 0;
}

export interface Coverage {
  /** Share of samples classified as each digit. */
  shares: number[];
  /** The same for the real held-out digits (their classifier predictions). */
  realShares: number[];
  /** Total variation distance ½Σ|shares − realShares|: 0 = same class mix, 1 = disjoint. */
  totalVariation: number;
  /** Classes that got less than half of their real share (mode dropping). */
  underrepresented: number[];
  /**
   * The samples the classifier is sure of (probability ≥ threshold) and their class mix. An
   * arg-max classifier puts every malformed sample into some class, and malformed digits
   * mostly land in a few (a loop on a stem reads as 9, a bar on top as 7), so an excess in
   * `shares` that vanishes here is made of bad samples, not of one digit drawn too often.
   */
  confident?: ConfidentMix;
}

export interface ConfidentMix {
  threshold: number;
  /** Share of the samples classified with at least `threshold` probability. */
  share: number;
  /** The same share for the real held-out digits. */
  realShare: number;
  /** Class shares among those samples only. */
  shares: number[];
}

/** The share of confident predictions and the class mix among them (see Coverage.confident). */
export function confidentMix(
  predictions: ArrayLike<number>,
  confidence: ArrayLike<number>,
  realConfidence: ArrayLike<number>,
  threshold = 0.9,
  classes = CLASSES,
): ConfidentMix {
  if (predictions.length !== confidence.length) throw new Error(`confidentMix: ${predictions.length} predictions for ${confidence.length} confidences`);
  const sure = (c: ArrayLike<number>) => Array.from(c).filter((p) => p >= threshold).length / Math.max(1, c.length);
  const kept = Array.from(predictions).filter((_, i) => confidence[i]! >= threshold);
  return { threshold, share: sure(confidence), realShare: sure(realConfidence), shares: classShares(kept, classes) };
}

export function coverage(predictions: ArrayLike<number>, realPredictions: ArrayLike<number>, classes = CLASSES): Coverage {
  const shares = classShares(predictions, classes);
  const realShares = classShares(realPredictions, classes);
  let tv = 0;
  const under: number[] = [];
  for (let c = 0; c < classes; c++) {
    tv += Math.abs(shares[c]! - realShares[c]!) / 2;
    if (shares[c]! < realShares[c]! / 2) under.push(c);
  }
  return { shares, realShares, totalVariation: tv, underrepresented: under };
}

/** The real side of the comparison, embedded once and reused for every run measured. */
export interface RealReference {
  count: number;
  embedding: Embedding;
  stats: FeatureStats;
  labels: Int32Array;
}

export function realReference(classifier: DigitClassifier, real: LabelledImages): RealReference {
  const embedding = classifier.embed(real.images, real.count, { range: [0, 1] });
  return { count: real.count, embedding, stats: featureStats(embedding.features, FEATURE_DIM), labels: real.labels };
}

export interface SampleQuality {
  samples: number;
  /** Fréchet distance of classifier features, samples vs the real held-out digits. */
  frechetDistance: number;
  coverage: Coverage;
  /** For conditional samples: share classified as their requested label. */
  labelAccuracy?: number;
  /** Per requested class, the share classified as it. */
  labelAccuracyPerClass?: number[];
}

/** Quality of any set of 28×28×1 images in `range` (`labels`: what each was generated as, if conditional). */
export function imageQuality(
  classifier: DigitClassifier,
  reference: RealReference,
  images: Float32Array,
  count: number,
  range: readonly [number, number],
  labels?: ArrayLike<number>,
): SampleQuality {
  if (images.length !== count * DIGIT_PIXELS) {
    throw new Error(`the digit metrics take 28×28×1 images; got ${images.length} values for ${count} images`);
  }
  const emb = classifier.embed(images, count, { range });
  const out: SampleQuality = {
    samples: count,
    frechetDistance: frechetFromStats(featureStats(emb.features, FEATURE_DIM), reference.stats),
    coverage: {
      ...coverage(emb.predictions, reference.embedding.predictions),
      confident: confidentMix(emb.predictions, emb.confidence, reference.embedding.confidence),
    },
  };
  if (labels) {
    out.labelAccuracy = labelAccuracy(emb.predictions, labels);
    out.labelAccuracyPerClass = Array.from({ length: CLASSES }, (_, c) => {
      let n = 0;
      let right = 0;
      for (let i = 0; i < count; i++) {
        if (labels[i] !== c) continue;
        n++;
        if (emb.predictions[i] === c) right++;
      }
      return n ? right / n : NaN;
    });
  }
  return out;
}

/**
 * Draws `samples` images from a generator (latents from `seed`; a conditional generator gets
 * the classes in turn, i % classes, so every class is asked for equally) and measures them.
 */
export function generatorQuality(
  gen: Generator,
  classifier: DigitClassifier,
  reference: RealReference,
  options: { samples?: number; seed?: number; batchStatistics?: number } = {},
): SampleQuality & { conditional: boolean } {
  const samples = options.samples ?? 1000;
  const latents = drawLatents(gen, samples, options.seed ?? 12345);
  const labels = gen.label ? Int32Array.from({ length: samples }, (_, i) => i % gen.label!.classes) : undefined;
  // batchStatistics: G as during training (batch norm on the statistics of each batch of
  // that size) instead of inference mode (running statistics).
  const mode = options.batchStatistics ? { training: true, batch: options.batchStatistics } : {};
  const images: Images = generate(gen, latents, labels, mode);
  if (images.height !== 28 || images.width !== 28 || images.channels !== 1) {
    throw new Error(`the digit metrics need 28×28×1 images; generator "${gen.network.name}" makes ${images.height}×${images.width}×${images.channels}`);
  }
  return { ...imageQuality(classifier, reference, images.data, samples, images.range, labels), conditional: !!gen.label };
}
