import { describe, expect, it } from 'vitest';
import { decodeOnce } from './dataset.js';
import { decodeFashionMnist, loadFashionMnist } from './fashion-mnist-data.js';

describe('loadFashionMnist', () => {
  it('splits the 70,000 images into 60,000 train and 10,000 held out, 6,000/1,000 per class', async () => {
    const train = await loadFashionMnist('train');
    const heldout = await loadFashionMnist('heldout');
    expect([train.count, heldout.count]).toEqual([60000, 10000]);
    expect(train.images.length).toBe(60000 * 784);
    for (const [data, per] of [
      [train, 6000],
      [heldout, 1000],
    ] as const) {
      const perClass = new Array<number>(10).fill(0);
      for (const l of data.labels) perClass[l]!++;
      expect(perClass).toEqual(new Array(10).fill(per));
    }
  });

  it('is disjoint by canonical index: the last 1,000 of each class are held out', () => {
    const all = decodeOnce('fashionMnist', decodeFashionMnist);
    const train = new Set(all.source.subarray(0, all.trainCount));
    const held = Array.from(all.source.subarray(all.trainCount));
    expect(train.size).toBe(60000);
    expect(new Set(held).size).toBe(10000);
    expect(held.every((k) => !train.has(k) && k % 7000 >= 6000)).toBe(true);
    // Note: Fashion-MNIST itself holds some identical images (a few held-out images equal
    // training images), so content-level disjointness is not a property of the data.
  });

  it('scales the 0..255 pixels to [0, 1]', async () => {
    const { images } = await loadFashionMnist('heldout');
    let min = Infinity;
    let max = -Infinity;
    for (const v of images) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect([min, max]).toEqual([0, 1]);
    expect(images.every((v) => Math.abs(v * 255 - Math.round(v * 255)) < 1e-4)).toBe(true);
  });
});
