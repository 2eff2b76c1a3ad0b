import { Rng } from '@ganvas/core';
import type { AttributeClassifier } from './attribute-classifier.js';
import { pixelsPerImage, type AttributeImages } from './attribute-images.js';
import { groupValues, labelWidth, setGroupValue, type AttributeSchema } from './attribute-schema.js';
import { accuracyByOtherTarget, attributeScores, confusionTables, sameValueShare, valueName, type AttributeScores, type Confusion } from './attribute-scores.js';

/**
 * Measured quality of image-to-image translators on held-out images, with an attribute
 * classifier ganvas trained on the same kind of data (see attribute-cache.ts):
 * - StarGAN: do translated images show the target attributes (per attribute), do the other
 *   attributes survive a single-attribute change, and does G(G(x, c), c′) give x back (L1)?
 * - CycleGAN: are G(a) in domain B and F(b) in domain A, and the cycle L1 both ways;
 * - Pix2Pix: L1 of G(x) to the target y.
 * Translators are plain functions, so the metrics do not care how the network is run.
 */

/** Runs a translator on `count` NHWC images (in the translator's range); `condition`: one target row per image. */
export type Translate = (images: Float32Array, count: number, condition?: Float32Array) => Float32Array;

/** Mean absolute difference of two equally long arrays (the L1 loss's `mean` reduction). */
export function meanAbsoluteError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`meanAbsoluteError: ${a.length} values vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return a.length ? s / a.length : NaN;
}

function translateChecked(translate: Translate, images: Float32Array, count: number, condition: Float32Array | undefined, what: string): Float32Array {
  const out = translate(images, count, condition);
  if (out.length !== images.length) {
    throw new Error(`${what}: the translator returned ${out.length} values for ${count} images of ${images.length / Math.max(1, count)} values`);
  }
  return out;
}

/** Rows `rows` of `data` (images and labels), copied. */
function pickRows(data: AttributeImages, rows: ArrayLike<number>): AttributeImages {
  const per = pixelsPerImage(data);
  const width = data.labels.length / Math.max(1, data.count);
  const images = new Float32Array(rows.length * per);
  const labels = new Float32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    images.set(data.images.subarray(r * per, (r + 1) * per), i * per);
    labels.set(data.labels.subarray(r * width, (r + 1) * width), i * width);
  }
  return { ...data, images, labels, count: rows.length };
}

export interface StarganOptions {
  classifier: AttributeClassifier;
  /** Held-out images with their labels in the classifier's label space. */
  data: AttributeImages;
  /** Runs G(x, c); gets target rows in the classifier's label space (map them to c̃ inside for a mask vector). */
  translate: Translate;
  /** Seed of the random target permutation. */
  seed?: number;
  /** Images used for the single-attribute rows (the first n; default all, 0 for none). */
  flipImages?: number;
  /**
   * The graph's own discriminator classification head: label logits, one row of the
   * classifier's label width per image. When given, its view of the real images and of the
   * same translations is reported too; a head that accepts translations our classifier rejects
   * is being fooled by G. A conditional discriminator also gets `labels`, the label rows training
   * pairs with those images: the images' own labels for real images, the targets for translations.
   */
  discriminator?: (images: Float32Array, count: number, labels: Float32Array) => Float32Array;
  /**
   * Classifiers of attributes these images are not labelled with (under a mask vector: the other
   * datasets' classifiers, when they take images of this shape). For each, the share of
   * random-target translations it reads as it reads their source images: what the translation
   * keeps of attributes its targets say nothing about.
   */
  others?: { name: string; classifier: AttributeClassifier }[];
}

/** Setting one attribute to one value on every image that does not have it yet. */
export interface FlipScore {
  attribute: string;
  /** The value asked for. */
  to: string;
  /** Images translated (those whose source value differs). */
  count: number;
  /** Share of them classified with the value asked for. */
  targetAccuracy: number;
  /** Per other attribute: share still classified as the source's label. */
  preserved: Record<string, number>;
}

export interface StarganQuality {
  count: number;
  /** The classifier on the real held-out images vs their labels: the ceiling of the scores below. */
  real: AttributeScores;
  /**
   * Targets drawn as StarGAN trains: the labels of the same images in random order. Accuracy
   * of the translated images against those targets, and per attribute the share of targets that
   * equal the source's value (what an identity translator would score with a perfect classifier).
   */
  random: AttributeScores & {
    unchanged: Record<string, number>;
    /** Per attribute, target value × classified value: which values the misses are read as. */
    confusion: Record<string, Confusion>;
    /** Per attribute and other attribute, the accuracy among targets with each value of the other (e.g. shape when small shapes are asked for). */
    byOtherTarget: Record<string, Record<string, Record<string, number>>>;
  };
  /** ‖x − G(G(x, c), c′)‖₁, mean per pixel value, with the random targets c and original labels c′. */
  reconstructionL1: number;
  flips: FlipScore[];
  /**
   * The discriminator's classification head (when `discriminator` was given), scored exactly
   * like the classifier: on the real images against their labels, and on the random-target
   * translations against their targets.
   */
  discriminator?: { real: AttributeScores; random: AttributeScores };
  /** Per classifier in `others`: per attribute, the share of random-target translations read as their source. */
  othersKept?: Record<string, Record<string, number>>;
}

export function starganQuality(o: StarganOptions): StarganQuality {
  const { classifier, data, translate } = o;
  const schema = classifier.schema;
  const n = data.count;
  const width = labelWidth(schema);
  const groups = schema.groups.length;
  const range = data.range;
  const source = groupValues(data.labels, n, schema);
  const real = attributeScores(classifier.predict(data.images, n, { range }).values, source, n, schema);

  const perm = new Rng(o.seed ?? 0).permutation(n);
  const targets = new Float32Array(n * width);
  for (let i = 0; i < n; i++) targets.set(data.labels.subarray(perm[i]! * width, (perm[i]! + 1) * width), i * width);
  const targetValues = groupValues(targets, n, schema);
  const fake = translateChecked(translate, data.images, n, targets, 'StarGAN G(x, c)');
  const read = classifier.predict(fake, n, { range }).values;
  const scores = attributeScores(read, targetValues, n, schema);
  const rec = translateChecked(translate, fake, n, data.labels, 'StarGAN G(G(x, c), c′)');
  const discriminator = o.discriminator ? discriminatorScores(o.discriminator, data, fake, targets, source, targetValues, schema) : undefined;
  const othersKept = o.others?.length
    ? Object.fromEntries(
        o.others.map(({ name, classifier: other }) => {
          const before = other.predict(data.images, n, { range }).values;
          const after = other.predict(fake, n, { range }).values;
          return [name, sameValueShare(after, before, n, other.schema)];
        }),
      )
    : undefined;

  const flips: FlipScore[] = [];
  const m = Math.min(n, o.flipImages ?? n);
  schema.groups.forEach((g, k) => {
    const values = g.kind === 'onehot' ? g.labels.length : 2;
    for (let v = 0; v < values; v++) {
      const rows: number[] = [];
      for (let i = 0; i < m; i++) if (source[i * groups + k] !== v) rows.push(i);
      if (rows.length === 0) continue;
      const subset = pickRows(data, rows);
      const asked = subset.labels.slice();
      for (let i = 0; i < rows.length; i++) setGroupValue(asked, i * width, schema, k, v);
      const out = translateChecked(translate, subset.images, rows.length, asked, `StarGAN G(x, ${g.name} → ${valueName(schema, k, v)})`);
      const predicted = classifier.predict(out, rows.length, { range }).values;
      const preservedScores = attributeScores(
        predicted,
        groupValues(subset.labels, rows.length, schema),
        rows.length,
        schema,
        schema.groups.filter((_, j) => j !== k).map((x) => x.name),
      );
      let hit = 0;
      for (let i = 0; i < rows.length; i++) if (predicted[i * groups + k] === v) hit++;
      flips.push({ attribute: g.name, to: valueName(schema, k, v), count: rows.length, targetAccuracy: hit / rows.length, preserved: preservedScores.perAttribute });
    }
  });
  return {
    count: n,
    real,
    random: {
      ...scores,
      unchanged: sameValueShare(targetValues, source, n, schema),
      confusion: confusionTables(read, targetValues, n, schema),
      byOtherTarget: accuracyByOtherTarget(read, targetValues, n, schema),
    },
    reconstructionL1: meanAbsoluteError(rec, data.images),
    flips,
    ...(discriminator ? { discriminator } : {}),
    ...(othersKept ? { othersKept } : {}),
  };
}

/** The discriminator's label logits on real images and on translations, decoded and scored as the classifier's. */
function discriminatorScores(
  logitsOf: NonNullable<StarganOptions['discriminator']>,
  data: AttributeImages,
  fake: Float32Array,
  targetRows: Float32Array,
  source: Int32Array,
  targets: Int32Array,
  schema: AttributeSchema,
): { real: AttributeScores; random: AttributeScores } {
  const n = data.count;
  const width = labelWidth(schema);
  const decode = (images: Float32Array, labels: Float32Array, what: string) => {
    const logits = logitsOf(images, n, labels);
    if (logits.length !== n * width) {
      throw new Error(`the discriminator's classification head gave ${logits.length / Math.max(1, n)} logits per image on ${what}; the attributes (${schema.groups.map((g) => g.name).join(', ')}) have ${width} labels`);
    }
    return groupValues(logits, n, schema, 0);
  };
  return {
    real: attributeScores(decode(data.images, data.labels, 'real images'), source, n, schema),
    random: attributeScores(decode(fake, targetRows, 'translations'), targets, n, schema),
  };
}

/** CycleGAN's two domains as values of one classifier attribute (circle/square of "shape"). */
export interface DomainAttribute {
  attribute: string;
  a: string;
  b: string;
}

export interface CycleganOptions {
  /** Held-out images of domain A and of domain B (same count, shape and range). */
  a: Float32Array;
  b: Float32Array;
  count: number;
  /** G: A → B and F: B → A. */
  G: Translate;
  F: Translate;
  /** Without a classifier (no known attributes), only the cycle L1 is measured. */
  classifier?: AttributeClassifier;
  domain?: DomainAttribute;
  range: [number, number];
}

export interface DomainScores {
  /** Share of the translated images classified as the other domain. */
  domainAccuracy: number;
  /** Per other attribute: share of translations whose predicted value equals the input's predicted value. */
  preserved: Record<string, number>;
}

export interface CycleganQuality {
  count: number;
  /** ‖F(G(a)) − a‖₁ and ‖G(F(b)) − b‖₁, mean per pixel value. */
  cycleL1: { a: number; b: number };
  domain?: DomainAttribute & {
    /** The classifier on real images: share of A classified as a, of B as b (the ceiling). */
    real: { a: number; b: number };
    /** G(a) → b; F(b) → a. */
    G: DomainScores;
    F: DomainScores;
  };
}

export function cycleganQuality(o: CycleganOptions): CycleganQuality {
  const { count: n } = o;
  const fakeB = translateChecked(o.G, o.a, n, undefined, 'CycleGAN G(a)');
  const fakeA = translateChecked(o.F, o.b, n, undefined, 'CycleGAN F(b)');
  const recA = translateChecked(o.F, fakeB, n, undefined, 'CycleGAN F(G(a))');
  const recB = translateChecked(o.G, fakeA, n, undefined, 'CycleGAN G(F(b))');
  const out: CycleganQuality = { count: n, cycleL1: { a: meanAbsoluteError(recA, o.a), b: meanAbsoluteError(recB, o.b) } };
  const { classifier, domain } = o;
  if (!classifier || !domain) return out;
  const schema = classifier.schema;
  const k = schema.groups.findIndex((g) => g.name === domain.attribute);
  const group = schema.groups[k];
  const valueOf = (name: string) => (group?.kind === 'onehot' ? group.labels.indexOf(name) : group ? [`not ${group.labels[0]}`, group.labels[0]].indexOf(name) : -1);
  const va = valueOf(domain.a);
  const vb = valueOf(domain.b);
  if (k < 0 || va < 0 || vb < 0) {
    throw new Error(`the classifier has no attribute "${domain.attribute}" with values "${domain.a}" and "${domain.b}"`);
  }
  const groups = schema.groups.length;
  const predict = (images: Float32Array) => classifier.predict(images, n, { range: o.range }).values;
  const share = (values: Int32Array, v: number) => {
    let hit = 0;
    for (let i = 0; i < n; i++) if (values[i * groups + k] === v) hit++;
    return n ? hit / n : NaN;
  };
  const others = schema.groups.filter((_, j) => j !== k).map((g) => g.name);
  const realA = predict(o.a);
  const realB = predict(o.b);
  const predB = predict(fakeB);
  const predA = predict(fakeA);
  out.domain = {
    ...domain,
    real: { a: share(realA, va), b: share(realB, vb) },
    G: { domainAccuracy: share(predB, vb), preserved: attributeScores(predB, realA, n, schema, others).perAttribute },
    F: { domainAccuracy: share(predA, va), preserved: attributeScores(predA, realB, n, schema, others).perAttribute },
  };
  return out;
}

export interface Pix2pixOptions {
  /** Held-out inputs x and their targets y (same count, shape and range). */
  inputs: Float32Array;
  targets: Float32Array;
  count: number;
  translate: Translate;
  range: [number, number];
  /** With a classifier and the pairs' labels: attributes of G(x) vs the labels. */
  classifier?: AttributeClassifier;
  labels?: Float32Array;
}

export interface Pix2pixQuality {
  count: number;
  /** ‖y − G(x)‖₁, mean per pixel value in the image range (the template's L1 term). */
  l1: number;
  /** ‖y − x‖₁: what returning the input unchanged would score. */
  inputL1: number;
  attributes?: { translated: AttributeScores; real: AttributeScores };
}

export function pix2pixQuality(o: Pix2pixOptions): Pix2pixQuality {
  const fake = translateChecked(o.translate, o.inputs, o.count, undefined, 'Pix2Pix G(x)');
  const out: Pix2pixQuality = { count: o.count, l1: meanAbsoluteError(fake, o.targets), inputL1: meanAbsoluteError(o.inputs, o.targets) };
  if (o.classifier && o.labels) {
    const schema: AttributeSchema = o.classifier.schema;
    const truth = groupValues(o.labels, o.count, schema);
    out.attributes = {
      translated: attributeScores(o.classifier.predict(fake, o.count, { range: o.range }).values, truth, o.count, schema),
      real: attributeScores(o.classifier.predict(o.targets, o.count, { range: o.range }).values, truth, o.count, schema),
    };
  }
  return out;
}
