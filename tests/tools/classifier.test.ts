import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@ganvas/core';
import { selectBackend } from '@ganvas/backend';
import { loadMnist } from '@ganvas/nodes-data';
import {
  FEATURE_DIM,
  classShares,
  classifierKey,
  confidentMix,
  decodeClassifier,
  encodeClassifier,
  firstImages,
  imageQuality,
  labelAccuracy,
  loadOrTrainClassifier,
  memoryStore,
  realReference,
  type LabelledImages,
  type LoadedClassifier,
} from '@ganvas/tools';
import { fileStore } from '@ganvas/tools/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A classifier on a small, class-balanced subset: enough to assert real behaviour in seconds.
const TRAINING = { epochs: 3, seed: 3 };
let train: LabelledImages;
let heldout: LabelledImages;
let first: LoadedClassifier;
const store = memoryStore();

/** Every `step`-th image: the splits are grouped by class, so this keeps every digit. */
function every(data: LabelledImages, step: number): LabelledImages {
  const count = Math.floor(data.count / step);
  const images = new Float32Array(count * 784);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    images.set(data.images.subarray(i * step * 784, (i * step + 1) * 784), i * 784);
    labels[i] = data.labels[i * step]!;
  }
  return { images, labels, count };
}

beforeAll(async () => {
  await selectBackend('wasm');
  train = every(await loadMnist('train'), 5); // 1,800 digits
  heldout = every(await loadMnist('heldout'), 2); // 500 digits
  first = await loadOrTrainClassifier({ train, heldout, store, training: TRAINING });
});

afterAll(() => first.classifier.dispose());

describe('digit classifier', () => {
  it('learns a small subset to a clear held-out accuracy in seconds', () => {
    expect(first.cached).toBe(false);
    expect(first.info.trainCount).toBe(1800);
    expect(first.info.heldoutCount).toBe(500);
    expect(first.info.heldoutAccuracy).toBeGreaterThan(0.85);
    expect(first.info.trainMs).toBeLessThan(60_000);
  });

  it('loads from the store without retraining: same key, same predictions', async () => {
    let epochs = 0;
    const t0 = Date.now();
    const again = await loadOrTrainClassifier({ train, heldout, store, training: TRAINING, onEpoch: () => epochs++ });
    try {
      expect(again.cached).toBe(true);
      expect(epochs).toBe(0);
      expect(Date.now() - t0).toBeLessThan(first.info.trainMs);
      expect(again.info).toEqual(first.info);
      const a = first.classifier.embed(heldout.images.subarray(0, 50 * 784), 50);
      const b = again.classifier.embed(heldout.images.subarray(0, 50 * 784), 50);
      expect([...b.predictions]).toEqual([...a.predictions]);
      expect([...b.features]).toEqual([...a.features]);
    } finally {
      again.classifier.dispose();
    }
  });

  it('keys the cache by data and options', () => {
    const key = classifierKey(train, heldout, TRAINING);
    expect(store.entries.has(key)).toBe(true);
    expect(classifierKey(train, heldout, { ...TRAINING, epochs: 4 })).not.toBe(key);
    const changed = { ...train, images: train.images.slice() };
    changed.images[1000] = 0.5;
    expect(classifierKey(changed, heldout, TRAINING)).not.toBe(key);
    expect(classifierKey(train, firstImages(heldout, 499), TRAINING)).not.toBe(key);
  });

  it('files round-trip; a damaged file names itself', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ganvas-clf-'));
    const files = fileStore(dir);
    const bytes = store.entries.get(first.info.key)!;
    expect(await files.read(first.info.key)).toBeUndefined();
    await files.write(first.info.key, bytes);
    expect(fs.existsSync(path.join(dir, 'classifiers', `${first.info.key}.bin`))).toBe(true);
    const back = decodeClassifier((await files.read(first.info.key))!, 'x');
    expect(Buffer.compare(encodeClassifier(back), bytes)).toBe(0);
    expect(() => decodeClassifier(bytes.subarray(0, bytes.length - 8), '/c/x.bin')).toThrow(/\/c\/x\.bin: not a ganvas classifier file \(truncated at "d2\/bias"\); delete it to retrain/);
  });

  it('real held-out digits as "samples": coverage ≈ the real class shares, label accuracy = accuracy, FD ≈ 0 against themselves', () => {
    const before = tf.memory().numTensors;
    const { classifier } = first;
    const reference = realReference(classifier, heldout);
    const q = imageQuality(classifier, reference, heldout.images, heldout.count, [0, 1], heldout.labels);
    expect(q.labelAccuracy).toBeCloseTo(first.info.heldoutAccuracy, 10);
    const trueShares = classShares(heldout.labels);
    q.coverage.shares.forEach((s, c) => expect(Math.abs(s - trueShares[c]!)).toBeLessThan(0.05));
    expect(q.coverage.totalVariation).toBe(0); // same images, same predictions
    expect(q.coverage.underrepresented).toEqual([]);
    expect(q.frechetDistance).toBeLessThan(1e-6);
    // Images given in [-1, 1] are mapped back: same result.
    const signed = heldout.images.map((v) => v * 2 - 1);
    expect(imageQuality(classifier, reference, signed, heldout.count, [-1, 1]).frechetDistance).toBeLessThan(1e-3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('tells generated-like sets apart: other real digits are close, noise and a single class are far', () => {
    const { classifier } = first;
    const reference = realReference(classifier, heldout);
    const others = every(train, 4); // 450 training digits the held-out set does not contain
    const real = imageQuality(classifier, reference, others.images, others.count, [0, 1], others.labels);
    const rng = new Rng(1);
    const noise = Float32Array.from({ length: 200 * 784 }, () => rng.uniform());
    const fake = imageQuality(classifier, reference, noise, 200, [0, 1]);
    expect(fake.frechetDistance).toBeGreaterThan(10 * real.frechetDistance);
    // Only sevens: coverage shows nine underrepresented classes; asked-for labels "3" all fail.
    const sevens = firstImages({ ...train, images: train.images.subarray(train.labels.indexOf(7) * 784), labels: train.labels.subarray(train.labels.indexOf(7)), count: 100 }, 100);
    const collapsed = imageQuality(classifier, reference, sevens.images, 100, [0, 1], new Int32Array(100).fill(3));
    expect(collapsed.coverage.shares[7]).toBeGreaterThan(0.8);
    expect(collapsed.coverage.underrepresented.length).toBeGreaterThanOrEqual(8);
    expect(collapsed.labelAccuracy).toBeLessThan(0.1);
    expect(collapsed.frechetDistance).toBeGreaterThan(real.frechetDistance);
    expect(labelAccuracy([1, 2, 3], [1, 2, 0])).toBeCloseTo(2 / 3);
    expect(reference.embedding.features.length).toBe(500 * FEATURE_DIM);
    // The confident mix of the samples, next to the real digits' confident share.
    const sure = real.coverage.confident!;
    expect(sure.realShare).toBe(confidentMix(reference.embedding.predictions, reference.embedding.confidence, []).share);
    expect(sure.share).toBe(Array.from(classifier.embed(others.images, others.count).confidence).filter((p) => p >= 0.9).length / others.count);
    expect(sure.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('confidence is the softmax probability of the predicted class; the confident mix counts only those samples', () => {
    const { classifier } = first;
    const some = firstImages(heldout, 40);
    const emb = classifier.embed(some.images, 40);
    const logits = tf.tidy(() => classifier.apply(tf.tensor4d(some.images, [40, 28, 28, 1])).logits.arraySync() as number[][]);
    logits.forEach((row, i) => {
      const max = Math.max(...row);
      const p = Math.exp(max) / row.reduce((s, v) => s + Math.exp(v), 0);
      expect(emb.confidence[i]).toBeCloseTo(p, 5);
      expect(row[emb.predictions[i]!]).toBe(max);
    });
    // Three samples at 0.95, 0.5, 0.99 predicted 9, 9, 4: two are sure, one each of 4 and 9.
    const mix = confidentMix([9, 9, 4], [0.95, 0.5, 0.99], [1, 1, 0.2, 0.95]);
    expect(mix.share).toBeCloseTo(2 / 3, 12);
    expect(mix.realShare).toBe(0.75);
    expect(mix.shares[4]).toBe(0.5);
    expect(mix.shares[9]).toBe(0.5);
    expect(mix.shares.reduce((a, b) => a + b, 0)).toBe(1);
    expect(() => confidentMix([1, 2], [0.9], [])).toThrow('confidentMix: 2 predictions for 1 confidences');
  });
});
