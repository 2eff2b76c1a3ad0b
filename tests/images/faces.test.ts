import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@ganvas/backend';
import { buildTestNode } from '@ganvas/core';
import { HAIR_RGB, faceAttributes, faceLabelNames, faces } from '@ganvas/nodes-images';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveGrid } from './grid.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

function values(t: unknown): Float32Array {
  const x = t as tf.Tensor;
  const d = x.dataSync() as Float32Array;
  x.dispose();
  return d;
}

function hex(h: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

/** Pixels of image `i` (64×64, [-1, 1]) within an L1 distance of 24 (0..255 scale) of `shade`. */
function nearCount(image: Float32Array, i: number, shade: string): number {
  const [r, g, b] = hex(shade);
  let near = 0;
  for (let p = 0; p < 64 * 64; p++) {
    const o = (i * 64 * 64 + p) * 3;
    const d = Math.abs((image[o]! + 1) * 127.5 - r) + Math.abs((image[o + 1]! + 1) * 127.5 - g) + Math.abs((image[o + 2]! + 1) * 127.5 - b);
    if (d < 24) near++;
  }
  return near;
}

describe('images.faces', () => {
  it('renders 64×64 faces with label vectors of the drawn attributes (grid saved; timing)', async () => {
    const n = 32;
    const node = await buildTestNode(faces, { params: { order: 'sequential', seed: 3 }, batchSize: n });
    const t0 = performance.now();
    const out = node.forward({});
    const seconds = (performance.now() - t0) / 1000;
    const image = values(out.image);
    const label = values(out.label);
    console.log(`images.faces: ${n} faces at 64×64 in ${seconds.toFixed(2)} s (${(n / seconds).toFixed(0)} faces/s)`);
    saveGrid('faces-64', image, n, 64, 64);
    expect(faceLabelNames(faces.params.parse({}))).toEqual(['black_hair', 'blond_hair', 'brown_hair', 'male', 'young']);
    let males = 0;
    const blondFaces: number[] = [];
    const otherFaces: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = faceAttributes(3, 'train', i, ['black', 'blond', 'brown']);
      const row = Array.from(label.subarray(i * 5, i * 5 + 5));
      expect(row).toEqual([a.hair === 'black', a.hair === 'blond', a.hair === 'brown', a.male, a.young].map(Number));
      males += a.male ? 1 : 0;
      // The labelled hair colour is really in the picture: pixels near its shade.
      const own = nearCount(image, i, a.hairShade);
      expect(own, `face ${i} (${a.hair} hair ${a.hairShade})`).toBeGreaterThan(64 * 64 * 0.01);
      const blondPixels = HAIR_RGB.blond.reduce((s, shade) => s + nearCount(image, i, shade), 0);
      (a.hair === 'blond' ? blondFaces : otherFaces).push(blondPixels);
    }
    expect(males).toBeGreaterThan(5);
    expect(males).toBeLessThan(27);
    // Blond-labelled faces carry far more blond pixels than the others (skin tones overlap a little).
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(blondFaces.length).toBeGreaterThan(3);
    expect(mean(blondFaces)).toBeGreaterThan(5 * mean(otherFaces));
    node.dispose();
  });

  it('is deterministic: the same seed gives the same faces another seed gives others, Math.random is restored', async () => {
    const draw = async (seed: number) => {
      const node = await buildTestNode(faces, { params: { order: 'sequential', seed, size: 32 }, batchSize: 4 });
      return values(node.forward({}).image);
    };
    const a = await draw(5);
    expect(Array.from(await draw(5))).toEqual(Array.from(a));
    expect(Array.from(await draw(6))).not.toEqual(Array.from(a));
    // Math.random is restored after generation.
    const r = Math.random;
    await draw(7);
    expect(Math.random).toBe(r);
  });

  it('labels follow the hairColours and attributes params', async () => {
    const params = { order: 'sequential', hairColours: ['gray', 'red', 'black', 'blond'], attributes: ['eyeglasses', 'male'], size: 32, seed: 1 };
    const node = await buildTestNode(faces, { params, batchSize: 6 });
    const out = node.forward({});
    values(out.image);
    const label = values(out.label);
    expect(faces.infer!({ nodeId: 'f', params: faces.params.parse(params), inputs: {}, bindings: new Map(), declaredOutputs: {} })).toMatchObject({
      outputs: { label: { role: 'label', shape: ['B', 6] }, image: { shape: ['B', 32, 32, 3], range: [-1, 1] } },
    });
    for (let i = 0; i < 6; i++) {
      const a = faceAttributes(1, 'train', i, ['gray', 'red', 'black', 'blond']);
      expect(Array.from(label.subarray(i * 6, i * 6 + 6))).toEqual(
        [a.hair === 'gray', a.hair === 'red', a.hair === 'black', a.hair === 'blond', a.eyeglasses, a.male].map(Number),
      );
      expect(HAIR_RGB[a.hair]).toContain(a.hairShade);
    }
    expect(faces.params.safeParse({ hairColours: ['black', 'black'] }).success).toBe(false);
    expect(faces.params.safeParse({ attributes: ['bald'] }).success).toBe(false);
  });

  it('held-out faces differ from training faces; a disk cache reloads the same pixels', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ganvas-faces-'));
    try {
      const params = { size: 32, trainCount: 6, heldoutCount: 6, order: 'sequential', seed: 9, cacheDir: dir };
      const train = values((await buildTestNode(faces, { params, batchSize: 6 })).forward({}).image);
      const held = values((await buildTestNode(faces, { params: { ...params, split: 'heldout' }, batchSize: 6 })).forward({}).image);
      const per = 32 * 32 * 3;
      for (let i = 0; i < 6; i++) {
        for (let j = 0; j < 6; j++) {
          expect(train.subarray(i * per, (i + 1) * per).every((v, k) => v === held[j * per + k]), `train ${i} = heldout ${j}`).toBe(false);
        }
      }
      const files = await readdir(dir);
      expect(files.sort()).toEqual(['faces-v1-seed9-heldout-black+blond+brown-32px-6.rgb', 'faces-v1-seed9-train-black+blond+brown-32px-6.rgb']);
      const again = values((await buildTestNode(faces, { params, batchSize: 6 })).forward({}).image);
      expect(Array.from(again)).toEqual(Array.from(train));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
