import * as tf from '@tensorflow/tfjs-core';
import { Rng, buildTestNode } from '@ganvas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { shapes } from './shapes.js';
import { BACKGROUND_RGB, COLOUR_RGB, LABEL_SETS } from './synth/attributes.js';
import { geometry } from './synth/render.js';
import { STREAM, shapeSpec } from './synth/spec.js';
import { take, useCpuBackend } from './test-backend.js';

beforeAll(useCpuBackend);

const build = (params: Record<string, unknown>, opts: { seed?: number; batchSize?: number } = {}) =>
  buildTestNode(shapes, { params, batchSize: 16, ...opts });

describe('images.shapes', () => {
  it('declares image and label contracts from its params', () => {
    const infer = (p: Record<string, unknown>) =>
      shapes.infer!({ nodeId: 'n', params: shapes.params.parse(p), inputs: {}, bindings: new Map(), declaredOutputs: {} });
    expect(infer({})).toEqual({
      outputs: {
        image: { role: 'image', dtype: 'float32', shape: ['B', 64, 64, 3], range: [-1, 1] },
        label: { role: 'label', dtype: 'float32', shape: ['B', 8] },
      },
    });
    expect(infer({ size: 32, labels: 'background', batch: 5 })).toMatchObject({
      outputs: { image: { shape: [5, 32, 32, 3] }, label: { shape: [5, 4] } },
    });
    expect(shapes.params.safeParse({ size: 48 }).success).toBe(false);
  });

  it('labels match what was drawn: the shape region has the labelled colour, the corners the background', async () => {
    const node = await build({ order: 'sequential', size: 64, seed: 2 }, { batchSize: 24 });
    const out = node.forward({});
    const image = take(out.image);
    const label = take(out.label);
    for (let i = 0; i < 24; i++) {
      const spec = shapeSpec(2, STREAM.shapes, 'train', i);
      const row = Array.from(label.subarray(i * 8, i * 8 + 8));
      const names = LABEL_SETS.object.filter((_, k) => row[k] === 1);
      expect(names).toEqual([spec.colour, spec.shape, ...(spec.size === 'large' ? ['large'] : [])]);
      // Colour at the shape's centre: nearest palette colour is the labelled one.
      const g = geometry(spec, 64);
      const at = (x: number, y: number) => {
        const o = ((i * 64 + Math.floor(y)) * 64 + Math.floor(x)) * 3;
        return [0, 1, 2].map((k) => (image[o + k]! + 1) / 2);
      };
      const centre = at(g.cx, g.cy);
      const nearest = Object.entries(COLOUR_RGB).sort(
        ([, a], [, b]) => a.reduce((s, v, k) => s + (v - centre[k]!) ** 2, 0) - b.reduce((s, v, k) => s + (v - centre[k]!) ** 2, 0),
      )[0]![0];
      expect(nearest, `image ${i}`).toBe(spec.colour);
      // A pixel inside the shape near its centre; a corner pixel well outside is background.
      expect(g.sdf(g.cx, g.cy)).toBeLessThan(-2);
      const corner = at(0, 32);
      BACKGROUND_RGB[spec.background].forEach((v, k) => expect(Math.abs(corner[k]! - v)).toBeLessThan(0.06));
    }
  });

  it('is deterministic by seed and index, and the order only changes which indices come', async () => {
    const draw = async (seed: number, runSeed: number) => {
      const node = await build({ order: 'sequential', seed }, { seed: runSeed });
      return take(node.forward({}).image);
    };
    const a = await draw(4, 1);
    expect(Array.from(await draw(4, 99))).toEqual(Array.from(a));
    expect(Array.from(await draw(5, 1))).not.toEqual(Array.from(a));
  });

  it('covers every attribute value roughly uniformly', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const s = shapeSpec(0, STREAM.shapes, 'train', i);
      for (const v of [s.shape, s.colour, s.size, s.background]) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    for (const [name, expected] of [['circle', 667], ['red', 500], ['large', 1000], ['beige', 500]] as const) {
      expect(Math.abs(counts.get(name)! - expected), name).toBeLessThan(expected * 0.15);
    }
  });

  it('the background label set draws its own stream and labels only the background', async () => {
    const node = await build({ order: 'sequential', labels: 'background' }, { batchSize: 8 });
    const out = node.forward({});
    take(out.image);
    const label = take(out.label);
    for (let i = 0; i < 8; i++) {
      const spec = shapeSpec(0, STREAM.backgrounds, 'train', i);
      expect(Array.from(label.subarray(i * 4, i * 4 + 4))).toEqual(LABEL_SETS.background.map((b) => (b === spec.background ? 1 : 0)));
    }
  });

  it('shuffle: an epoch shows each index once; previews do not advance it; state resumes the next batch', async () => {
    const node = await build({ order: 'shuffle', trainCount: 10, size: 32, batch: 4 }, { seed: 3 });
    const rng = new Rng(5);
    const seen: string[] = [];
    const key = (img: Float32Array, r: number) => img.subarray(r * 3072, (r + 1) * 3072).join(',');
    // 10 examples: batches of 4 → the first 10 rows are one epoch.
    const rows: Float32Array[] = [];
    for (let b = 0; b < 3; b++) rows.push(take(node.forward({}, { rng }).image));
    for (let r = 0; r < 10; r++) seen.push(key(rows[Math.floor(r / 4)]!, r % 4));
    expect(new Set(seen).size).toBe(10);
    const state = node.instance.getState!();
    tf.dispose(Object.values(node.forward({}, { purpose: 'sample', training: false, rng: new Rng(1) })) as tf.Tensor[]);
    expect(node.instance.getState!()).toEqual(state);
    const saved = { node: JSON.parse(JSON.stringify(state)), rng: rng.getState() };
    const next = take(node.forward({}, { rng }).image);
    const resumed = await build({ order: 'shuffle', trainCount: 10, size: 32, batch: 4 }, { seed: 77 });
    resumed.instance.setState!(saved.node);
    const r2 = new Rng(0);
    r2.setState(saved.rng);
    expect(Array.from(take(resumed.forward({}, { rng: r2 }).image))).toEqual(Array.from(next));
    expect(() => resumed.instance.setState!({ json: { order: { ...saved.node.json.order, count: 11 } } })).toThrow(/split of 11 examples, this one has 10/);
  });

  it('keeps the tensor count flat', async () => {
    const node = await build({ size: 32 });
    tf.dispose(Object.values(node.forward({})) as tf.Tensor[]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 30; i++) tf.dispose(Object.values(node.forward({})) as tf.Tensor[]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
