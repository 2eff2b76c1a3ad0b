import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, buildTestNode } from '@ganvas/core';
import { imagePool, planQuery } from './image-pool.js';
import { useCpu } from './test-helpers.js';

beforeAll(useCpu);

const shape = [4, 2, 2, 1];
/** A batch whose every image is filled with one id, so returned images tell where they came from. */
const batch = (ids: number[]) => tf.tensor4d(ids.flatMap((id) => [id, id, id, id]), [ids.length, 2, 2, 1]);
const ids = (t: tf.Tensor) => {
  const v = t.dataSync();
  return Array.from({ length: t.shape[0]! }, (_, i) => v[i * 4]!);
};

/** PyTorch CycleGAN's ImagePool.query, written out as in its source for one image at a time. */
function torchPoolQuery(pool: number[], images: number[], size: number, rng: Rng): number[] {
  const out: number[] = [];
  for (const image of images) {
    if (pool.length < size) {
      pool.push(image);
      out.push(image);
    } else if (rng.uniform() < 0.5) {
      const j = rng.int(size);
      out.push(pool[j]!);
      pool[j] = image;
    } else {
      out.push(image);
    }
  }
  return out;
}

describe('i2i.imagePool', () => {
  it('follows the PyTorch CycleGAN rule: fill to size, then swap with probability 0.5, deterministic from fctx.rng', async () => {
    const node = await buildTestNode(imagePool, { params: { size: 6 }, inputs: { image: { role: 'image', shape } } });
    const rngNode = new Rng(42);
    const rngRef = new Rng(42);
    const refPool: number[] = [];
    let swapped = 0;
    let total = 0;
    for (let step = 0; step < 40; step++) {
      const incoming = [0, 1, 2, 3].map((i) => 100 * step + i);
      const got = ids(node.forward({ image: batch(incoming) }, { purpose: 'train', rng: rngNode }).image as tf.Tensor);
      const want = torchPoolQuery(refPool, incoming, 6, rngRef);
      expect(got).toEqual(want);
      if (step >= 2) {
        total += 4;
        swapped += got.filter((g, i) => g !== incoming[i]).length;
      }
    }
    // The first 6 images fill the pool and pass through.
    expect(swapped / total).toBeGreaterThan(0.35);
    expect(swapped / total).toBeLessThan(0.65);
    node.dispose();
  });

  it('split across two workers, each keeps the whole pool and returns its rows of what one worker returns', async () => {
    const one = await buildTestNode(imagePool, { params: { size: 4 }, inputs: { image: { role: 'image', shape } } });
    const shards = await Promise.all([0, 1].map(() => buildTestNode(imagePool, { params: { size: 4 }, inputs: { image: { role: 'image', shape: [2, 2, 2, 1] } } })));
    const rngs = { one: new Rng(7), shards: [new Rng(7), new Rng(7)] };
    for (let step = 0; step < 12; step++) {
      const incoming = [0, 1, 2, 3].map((i) => 100 * step + i);
      const want = ids(one.forward({ image: batch(incoming) }, { purpose: 'train', rng: rngs.one }).image as tf.Tensor);
      // A stand-in collective: the other worker's rows are known here, so allGather returns both in order.
      const got = [0, 1].flatMap((index) => {
        const collective = { allReduceMean: (v: Float32Array) => v, allGather: () => batch(incoming).dataSync() as Float32Array };
        const fctx = { purpose: 'train' as const, rng: rngs.shards[index]!, shard: { index, count: 2, collective } };
        return ids(shards[index]!.forward({ image: batch(incoming.slice(2 * index, 2 * index + 2)) }, fctx).image as tf.Tensor);
      });
      expect(got, `step ${step}`).toEqual(want);
    }
    // Every worker stores what one worker stores.
    const stored = (n: typeof one) => Array.from((n.instance.getState!().tensors!.images as tf.Tensor).dataSync());
    expect(stored(shards[0]!)).toEqual(stored(one));
    expect(stored(shards[1]!)).toEqual(stored(one));
    for (const n of [one, ...shards]) n.dispose();
  });

  it('passes batches through unchanged outside training, leaving the pool alone', async () => {
    const node = await buildTestNode(imagePool, { params: { size: 4 }, inputs: { image: { role: 'image', shape } } });
    const rng = new Rng(1);
    node.forward({ image: batch([1, 2, 3, 4]) }, { purpose: 'train', rng });
    for (const purpose of ['sample', 'eval'] as const) {
      expect(ids(node.forward({ image: batch([9, 9, 9, 9]) }, { purpose, rng }).image as tf.Tensor)).toEqual([9, 9, 9, 9]);
    }
    expect(ids(node.instance.getState!().tensors!['images']!)).toEqual([1, 2, 3, 4]);
    node.dispose();
  });

  it('saves and restores its stored images: a restored pool answers exactly like the original', async () => {
    const a = await buildTestNode(imagePool, { params: { size: 5 }, inputs: { image: { role: 'image', shape } } });
    const rng = new Rng(7);
    for (let s = 0; s < 3; s++) a.forward({ image: batch([10 * s, 10 * s + 1, 10 * s + 2, 10 * s + 3]) }, { purpose: 'train', rng });
    const saved = a.instance.getState!();
    expect(saved.json).toEqual({ count: 5 });
    const b = await buildTestNode(imagePool, { params: { size: 5 }, inputs: { image: { role: 'image', shape } } });
    const copy = { json: saved.json, tensors: { images: tf.clone(saved.tensors!['images']!) } };
    b.instance.setState!(copy);
    tf.dispose(copy.tensors.images); // the engine disposes what it hands to setState
    const rngA = new Rng(99);
    const rngB = new Rng(99);
    for (let s = 0; s < 4; s++) {
      const x = [500 + s, 600 + s, 700 + s, 800 + s];
      expect(ids(b.forward({ image: batch(x) }, { purpose: 'train', rng: rngB }).image as tf.Tensor)).toEqual(
        ids(a.forward({ image: batch(x) }, { purpose: 'train', rng: rngA }).image as tf.Tensor),
      );
    }
    a.dispose();
    b.dispose();
  });

  it('keeps one stored tensor: tf.memory().numTensors is flat once the pool is full', async () => {
    const node = await buildTestNode(imagePool, { params: { size: 4 }, inputs: { image: { role: 'image', shape } } });
    const rng = new Rng(3);
    const x = batch([1, 2, 3, 4]);
    const run = () => tf.dispose(tf.tidy(() => node.forward({ image: x }, { purpose: 'train', rng }).image as tf.Tensor));
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    node.dispose();
  });

  it('plans from the stored count: size 0 passes through and draws nothing', () => {
    const rng = new Rng(5);
    const state = rng.getState();
    expect(planQuery(rng, 0, 3, { size: 0, swapProbability: 0.5 })).toEqual({ returned: [0, 1, 2], stored: [] });
    expect(rng.getState()).toEqual(state);
  });
});
