import { describe, expect, it } from 'vitest';
import { decodeOnce } from './dataset.js';
import { decodeMnist, isMnistHeldout, loadMnist } from './mnist-data.js';
import { imageKey } from './test-image-source.js';

describe('loadMnist', () => {
  it('splits the 10,000 digits into 9,000 train and 1,000 held out', async () => {
    const train = await loadMnist('train');
    const heldout = await loadMnist('heldout');
    expect([train.count, heldout.count]).toEqual([9000, 1000]);
    expect(train.images.length).toBe(9000 * 784);
    expect(train.labels.length).toBe(9000);
    expect(heldout.images.length).toBe(1000 * 784);
    // The default split is train (compared by view, not by a deep diff of 7M floats).
    const byDefault = await loadMnist();
    expect([byDefault.count, byDefault.images.byteOffset, byDefault.images.buffer === train.images.buffer]).toEqual([
      9000,
      train.images.byteOffset,
      true,
    ]);
  });

  it('is disjoint: by canonical index, and by content', async () => {
    const all = decodeOnce('mnist', decodeMnist);
    const trainSources = new Set(all.source.subarray(0, all.trainCount));
    const heldSources = Array.from(all.source.subarray(all.trainCount));
    expect(trainSources.size).toBe(9000);
    expect(new Set(heldSources).size).toBe(1000);
    expect(heldSources.every((k) => !trainSources.has(k) && isMnistHeldout(k))).toBe(true);
    expect([...trainSources].every((k) => k >= 0 && k < 10000 && !isMnistHeldout(k))).toBe(true);

    const train = await loadMnist('train');
    const heldout = await loadMnist('heldout');
    const trainKeys = new Set(Array.from({ length: train.count }, (_, i) => imageKey(train.images, i)));
    for (let i = 0; i < heldout.count; i++) expect(trainKeys.has(imageKey(heldout.images, i))).toBe(false);
  });

  it('keeps pixels in [0, 1] and labels in 0..9 with every class 5–15% of the train split', async () => {
    for (const split of ['train', 'heldout'] as const) {
      const { images, labels, count } = await loadMnist(split);
      let min = Infinity;
      let max = -Infinity;
      for (const v of images) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      expect([min, max]).toEqual([0, 1]);
      const perClass = new Array<number>(10).fill(0);
      for (const l of labels) perClass[l]!++;
      expect(perClass.reduce((a, b) => a + b)).toBe(count);
      for (const n of perClass) {
        expect(n / count).toBeGreaterThanOrEqual(0.05);
        expect(n / count).toBeLessThanOrEqual(0.15);
      }
    }
  });

  it('decodes once per process and shares the arrays', async () => {
    const a = await loadMnist('train');
    const b = await loadMnist('train');
    expect(a.images.buffer).toBe(b.images.buffer);
    expect((await loadMnist('heldout')).images.buffer).toBe(a.images.buffer);
  });

  it('names the bad split', async () => {
    await expect(loadMnist('test' as never)).rejects.toThrow(/unknown split "test": expected "train" or "heldout"/);
  });
});
