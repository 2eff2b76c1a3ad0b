import * as tf from '@tensorflow/tfjs-core';
import { Rng, buildTestNode, type NodeDefinition } from '@ganvas/core';
import { describe, expect, it } from 'vitest';
import type { Dataset, Split } from './dataset.js';
import type { ImageSourceParams } from './image-source.js';

/** Test-only: the behaviour both 28×28 dataset sources must show, run against one of them. */

const PIXELS = 784;

/** A content key for one image (two FNV-1a hashes of its float32 bits). */
export function imageKey(values: Float32Array, index: number): string {
  const words = new Uint32Array(values.buffer, values.byteOffset + index * PIXELS * 4, PIXELS);
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (const w of words) {
    a = Math.imul(a ^ w, 0x01000193) >>> 0;
    b = Math.imul(b ^ w ^ (b >>> 15), 0x85ebca6b) >>> 0;
  }
  return `${a.toString(16)}:${b.toString(16)}`;
}

/** How many times each image occurs in a split, by content key. */
function contentCounts(data: Dataset): Map<string, { count: number; label: number }> {
  const counts = new Map<string, { count: number; label: number }>();
  for (let i = 0; i < data.count; i++) {
    const key = imageKey(data.images, i);
    const seen = counts.get(key);
    if (seen) seen.count++;
    else counts.set(key, { count: 1, label: data.labels[i]! });
  }
  return counts;
}

/** Element-wise equality without the cost of a deep diff over ~10⁵ entries. */
function sameValues(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

interface Batch {
  image: tf.Tensor;
  label: tf.Tensor;
  labelIndex: tf.Tensor;
}

function asBatch(out: Record<string, unknown>): Batch {
  return out as unknown as Batch;
}

function values(b: Batch) {
  const out = { image: b.image.dataSync() as Float32Array, label: b.label.dataSync(), labelIndex: b.labelIndex.dataSync() };
  tf.dispose([b.image, b.label, b.labelIndex]);
  return out;
}

export function imageSourceSuite(
  def: NodeDefinition<ImageSourceParams>,
  load: (split: Split) => Promise<Dataset>,
  sizes: { train: number; heldout: number },
): void {
  const build = (params: Partial<ImageSourceParams>, options: { seed?: number; batchSize?: number } = {}) =>
    buildTestNode(def, { params, ...options });

  describe(`${def.type} contracts`, () => {
    const infer = (params: Partial<ImageSourceParams>) =>
      def.infer!({ nodeId: 'n', params: def.params.parse(params), inputs: {}, bindings: new Map(), declaredOutputs: {} });

    it('declares image [-1,1], one-hot and index outputs by default', () => {
      expect(infer({})).toEqual({
        outputs: {
          image: { role: 'image', dtype: 'float32', shape: ['B', 28, 28, 1], range: [-1, 1] },
          label: { role: 'onehot', dtype: 'float32', shape: ['B', 10] },
          labelIndex: { role: 'label', dtype: 'int32', shape: ['B'] },
        },
      });
      expect(def.outputs.find((p) => p.name === 'image')?.contract.range).toEqual([-1, 1]);
      expect(def.category).toBe('data');
      expect(def.version).toBe(1);
    });

    it('follows the range and batch params', () => {
      const out = infer({ range: '[0,1]', batch: 12 });
      expect(out).toMatchObject({
        outputs: {
          image: { shape: [12, 28, 28, 1], range: [0, 1] },
          label: { shape: [12, 10] },
          labelIndex: { shape: [12] },
        },
      });
    });
  });

  describe(`${def.type} batches`, () => {
    it.each(['[-1,1]', '[0,1]'] as const)('lie within %s and vary', async (range) => {
      const node = await build({ range }, { batchSize: 32 });
      const b = values(asBatch(node.forward({})));
      const [lo, hi] = range === '[0,1]' ? [0, 1] : [-1, 1];
      let min = Infinity;
      let max = -Infinity;
      for (const v of b.image) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      expect(b.image.length).toBe(32 * PIXELS);
      expect(min).toBeGreaterThanOrEqual(lo);
      expect(max).toBeLessThanOrEqual(hi);
      // Background pixels sit at the bottom of the range, ink/highlights near the top.
      expect(min).toBe(lo);
      expect(max).toBeGreaterThan(hi - 0.1 * (hi - lo));
    });

    it('gives real images of the split with their own labels, one-hot matching the index', async () => {
      for (const split of ['train', 'heldout'] as const) {
        const data = await load(split);
        const counts = contentCounts(data);
        const node = await build({ split, range: '[0,1]' }, { batchSize: 40 });
        const b = values(asBatch(node.forward({})));
        for (let r = 0; r < 40; r++) {
          const seen = counts.get(imageKey(b.image, r));
          expect(seen, `row ${r} is not an image of the ${split} split`).toBeDefined();
          const index = b.labelIndex[r]!;
          expect(index).toBe(seen!.label);
          const row = Array.from(b.label.subarray(r * 10, r * 10 + 10));
          expect(row).toEqual(row.map((_, c) => (c === index ? 1 : 0)));
        }
      }
    });

    it('uses the batch param over the run batch size', async () => {
      const node = await build({ batch: 5 }, { batchSize: 64 });
      const b = asBatch(node.forward({}));
      expect(b.image.shape).toEqual([5, 28, 28, 1]);
      expect(b.label.shape).toEqual([5, 10]);
      expect(b.labelIndex.shape).toEqual([5]);
      expect(b.labelIndex.dtype).toBe('int32');
      tf.dispose([b.image, b.label, b.labelIndex]);
    });
  });

  describe(`${def.type} order`, () => {
    const first = async (order: ImageSourceParams['order'], seed: number) => {
      const node = await build({ order }, { seed, batchSize: 16 });
      return Array.from(values(asBatch(node.forward({}))).labelIndex).join(',') + imageKeys(node);
    };
    const imageKeys = (node: Awaited<ReturnType<typeof build>>) => {
      const b = values(asBatch(node.forward({})));
      return Array.from({ length: 16 }, (_, r) => imageKey(b.image, r)).join(',');
    };

    it.each(['shuffle', 'random'] as const)('%s: same seed, same batches; other seed, other batches', async (order) => {
      expect(await first(order, 3)).toBe(await first(order, 3));
      expect(await first(order, 3)).not.toBe(await first(order, 4));
    });

    it(`shuffle: one epoch shows every training image exactly once (${sizes.train} images)`, async () => {
      const data = await load('train');
      expect(data.count).toBe(sizes.train);
      const expected = contentCounts(data);
      const batch = 1000;
      const node = await build({ batch, range: '[0,1]' }, { seed: 9 });
      const seen = new Map<string, number>();
      let rows = 0;
      while (rows < data.count) {
        const b = values(asBatch(node.forward({})));
        for (let r = 0; r < batch && rows < data.count; r++, rows++) {
          const key = imageKey(b.image, r);
          seen.set(key, (seen.get(key) ?? 0) + 1);
        }
      }
      expect(seen.size).toBe(expected.size);
      for (const [key, { count }] of expected) expect(seen.get(key)).toBe(count);
    });

    it('sequential: covers the split in index order, batch after batch, and wraps', async () => {
      const data = await load('heldout');
      const node = await build({ batch: 7, range: '[0,1]', order: 'sequential', split: 'heldout' });
      const seen: number[] = [];
      for (let b = 0; b < Math.ceil(data.count / 7) + 1; b++) {
        seen.push(...Array.from(values(asBatch(node.forward({}, { purpose: 'eval', training: false }))).labelIndex));
      }
      expect(seen.slice(0, data.count)).toEqual(Array.from(data.labels));
      expect(seen[data.count]).toBe(data.labels[0]);
    });

    it('shuffle: sampling and evaluation never advance the training cursor', async () => {
      const node = await build({ batch: 4, range: '[0,1]' }, { seed: 9 });
      node.forward({});
      const before = JSON.stringify(node.instance.getState!().json);
      node.forward({}, { purpose: 'sample', training: false });
      node.forward({}, { purpose: 'eval', training: false });
      expect(JSON.stringify(node.instance.getState!().json)).toBe(before);
    });

    it('shuffle: getState/setState resumes with the same next batch, mid-epoch and across epochs', async () => {
      // 700 rows per batch over the 9,000/60,000 train images: the epoch boundary falls inside a batch.
      const batch = 700;
      const steps = Math.ceil(sizes.train / batch) - 1;
      const rng = new Rng(21);
      const a = await build({ batch }, { seed: 1 });
      for (let i = 0; i < 3; i++) tf.dispose(Object.values(a.forward({}, { rng })) as tf.Tensor[]);
      const mid = { node: a.instance.getState!(), rng: rng.getState() };
      const nextMid = values(asBatch(a.forward({}, { rng })));
      for (let i = 4; i < steps; i++) tf.dispose(Object.values(a.forward({}, { rng })) as tf.Tensor[]);
      const edge = { node: a.instance.getState!(), rng: rng.getState() };
      const nextEdge = values(asBatch(a.forward({}, { rng })));
      expect(edge.node.json).toMatchObject({ epoch: 1 });
      expect(a.instance.getState!().json).toMatchObject({ epoch: 2 });

      for (const [saved, expected] of [
        [mid, nextMid],
        [edge, nextEdge],
      ] as const) {
        const b = await build({ batch }, { seed: 77 });
        b.instance.setState!(JSON.parse(JSON.stringify(saved.node)));
        const resumedRng = new Rng(0);
        resumedRng.setState(saved.rng);
        const got = values(asBatch(b.forward({}, { rng: resumedRng })));
        expect(Array.from(got.labelIndex)).toEqual(Array.from(expected.labelIndex));
        expect(sameValues(got.image, expected.image)).toBe(true);
      }
    });

    it('shuffle: refuses a state saved for a split of another size', async () => {
      const node = await build({});
      const state = node.instance.getState!();
      const json = { ...(state.json as object), count: 123 };
      expect(() => node.instance.setState!({ json })).toThrow(/split of 123 examples/);
      expect(() => node.instance.setState!({ json: { cursor: 'x' } })).toThrow(/bad batch-order state/);
    });
  });

  describe(`${def.type} resources and params`, () => {
    it('keeps the tensor count flat over 50 forward calls', async () => {
      for (const order of ['shuffle', 'random'] as const) {
        const node = await build({ order }, { batchSize: 64 });
        tf.dispose(Object.values(node.forward({})) as tf.Tensor[]);
        const before = tf.memory().numTensors;
        for (let i = 0; i < 50; i++) tf.dispose(Object.values(node.forward({})) as tf.Tensor[]);
        expect(tf.memory().numTensors).toBe(before);
        node.dispose();
      }
    });

    it('refuses bad params with messages naming the field and the choices', () => {
      const message = (params: unknown) => {
        const r = def.params.safeParse(params);
        expect(r.success).toBe(false);
        return r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      };
      expect(message({ split: 'test' })).toMatch(/^split: .*"train".*"heldout"/);
      expect(message({ range: '[-1, 1]' })).toMatch(/^range: .*"\[-1,1\]".*"\[0,1\]"/);
      expect(message({ order: 'ordered' })).toMatch(/^order: .*"shuffle".*"random".*"sequential"/);
      expect(message({ batch: 0 })).toMatch(/^batch: /);
      expect(message({ batch: 2.5 })).toMatch(/^batch: .*int/i);
      expect(message({ shuffle: true })).toMatch(/shuffle/);
      expect(def.params.parse({})).toEqual({ split: 'train', range: '[-1,1]', order: 'shuffle' });
    });
  });
}
