import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { Rng, compile, type Registry, type Trainer } from '@ganvas/core';
import { selectBackend } from '@ganvas/backend';
import { createNodeRegistry, nodeHost } from '@ganvas/host-node';
import {
  GeneratorNotFound,
  classGrid,
  drawLatents,
  findGenerator,
  interpolate,
  latentArithmetic,
  latentAt,
  slerp,
  type Generator,
} from '@ganvas/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyGenerator } from './tiny-graphs.js';

const here = path.dirname(fileURLToPath(import.meta.url));
let registry: Registry;
const trainers: Trainer[] = [];

async function build(doc: unknown): Promise<Trainer> {
  const t = await compile(doc, registry, { host: nodeHost });
  trainers.push(t);
  return t;
}

/** G applied directly, outside the tools: the reference the tools must match. */
function direct(gen: Generator, z: Float32Array, label?: number): Float32Array {
  return tf.tidy(() => {
    const inputs: Record<string, tf.Tensor> = { z: tf.tensor2d(z, [1, 4]) };
    if (label !== undefined) inputs.y = tf.cast(tf.oneHot(tf.tensor1d([label], 'int32'), 3), 'float32');
    const ctx = { training: false, rng: new Rng(0), batchSize: 1, step: 0, purpose: 'sample' as const };
    return gen.network.apply(inputs, ctx).image!.dataSync() as Float32Array;
  });
}

function tile(data: Float32Array, i: number): number[] {
  return [...data.subarray(i * 4, (i + 1) * 4)];
}

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(tol);
}

beforeAll(async () => {
  await selectBackend('cpu');
  ({ registry } = await createNodeRegistry({ searchDirs: [path.resolve(here, '..')] }));
});

afterAll(() => {
  for (const t of trainers) t.dispose();
});

describe('findGenerator', () => {
  it('finds the preview’s apply node, its network and the noise feeding it', async () => {
    const gen = findGenerator(await build(tinyGenerator()));
    expect(gen).toMatchObject({ previewId: 'preview', applyId: 'gen', outputPort: 'image' });
    expect(gen.latent).toMatchObject({ port: 'z', shape: [4], size: 4, source: 'noise', distribution: { kind: 'normal', mean: 0, std: 2 } });
    expect(gen.label).toBeUndefined();
    const cgan = findGenerator(await build(tinyGenerator({ conditional: true })));
    expect(cgan.label).toEqual({ port: 'y', encoding: 'onehot', classes: 3, source: 'labels' });
  });

  it('says what it expected when the graph has no preview or the preview is not fed by a core.apply', async () => {
    const none = await build(tinyGenerator({ preview: 'none' }));
    expect(() => findGenerator(none)).toThrow(GeneratorNotFound);
    expect(() => findGenerator(none)).toThrow(/no core\.preview node; the latent tools expect a preview whose image comes from a core\.apply node/);
    const data = await build(tinyGenerator({ preview: 'data' }));
    expect(() => findGenerator(data)).toThrow(/preview "preview" shows the output of node "real" \(data\.mnist\); the latent tools expect it to come from a core\.apply node that runs the generator network/);
    const ok = await build(tinyGenerator());
    expect(() => findGenerator(ok, { previewId: 'nope' })).toThrow(/no core\.preview node "nope"; the graph has preview/);
  });

  it('replays single-input layer nodes between the generator and the preview (the VAE’s sigmoid)', async () => {
    const gen = findGenerator(await build(tinyGenerator({ preview: 'layer' })));
    expect(gen.post.map((p) => p.id)).toEqual(['post']);
    const z = latentAt(gen, 4, 0);
    const strip = interpolate(gen, { a: z, b: z, steps: 2 });
    close(tile(strip.data, 0), direct(gen, z).map(Math.tanh));
  });
});

describe('latent tools', () => {
  it('interpolation strips start and end at G(a) and G(b), linear and spherical; the midpoint is G of the mid latent', async () => {
    const gen = findGenerator(await build(tinyGenerator()));
    const before = tf.memory().numTensors;
    const a = latentAt(gen, 1, 0);
    const b = latentAt(gen, 2, 0);
    // Latents follow the graph's noise: std 2 → squared norm ≈ 4 × 4 dims on average.
    expect(a).not.toEqual(b);
    for (const mode of ['linear', 'slerp'] as const) {
      const strip = interpolate(gen, { a: { seed: 1 }, b: { seed: 2 }, steps: 5, mode });
      expect(strip).toMatchObject({ n: 5, height: 2, width: 2, channels: 1 });
      close(tile(strip.data, 0), direct(gen, a));
      close(tile(strip.data, 4), direct(gen, b));
      close(tile(strip.data, 2), direct(gen, strip.latents[2]!));
    }
    const linear = interpolate(gen, { a, b, steps: 3 });
    close(linear.latents[1]!, a.map((v, i) => (v + b[i]!) / 2), 1e-6);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('slerp follows the great circle (unit vectors stay unit) and falls back to lerp for parallel latents', () => {
    const m = slerp(Float32Array.of(1, 0), Float32Array.of(0, 1), 0.5);
    close(m, [Math.SQRT1_2, Math.SQRT1_2], 1e-7);
    const third = slerp(Float32Array.of(2, 0), Float32Array.of(0, 2), 1 / 3);
    close(third, [2 * Math.cos(Math.PI / 6), 2 * Math.sin(Math.PI / 6)], 1e-6);
    close(slerp(Float32Array.of(1, 1), Float32Array.of(2, 2), 0.5), [1.5, 1.5], 1e-7);
  });

  it('vector arithmetic renders mean(A) − mean(B) + mean(C) from the indexed grid', async () => {
    const gen = findGenerator(await build(tinyGenerator()));
    const grid = drawLatents(gen, 16, 9);
    const at = (i: number) => grid.subarray(i * 4, i * 4 + 4);
    const res = latentArithmetic(gen, {
      seed: 9,
      gridSize: 16,
      terms: [
        { weight: 1, indices: [1, 2, 3], name: 'A' },
        { weight: -1, indices: [4, 5], name: 'B' },
        { weight: 1, indices: [6], name: 'C' },
      ],
      variations: 2,
    });
    const expected = [0, 1, 2, 3].map((j) => (at(1)[j]! + at(2)[j]! + at(3)[j]!) / 3 - (at(4)[j]! + at(5)[j]!) / 2 + at(6)[j]!);
    close(res.result, expected, 1e-5);
    expect(res.columns).toBe(4);
    expect(res.n).toBe(16);
    expect(res.rows[1]).toMatch(/^− B: latents 4, 5, then their mean/);
    close(tile(res.data, 0), direct(gen, at(1))); // row A starts with latent 1
    close(tile(res.data, 4 + 2), direct(gen, Float32Array.from([0, 1, 2, 3], (j) => (at(4)[j]! + at(5)[j]!) / 2))); // mean of B
    close(tile(res.data, 12), direct(gen, res.result)); // result row
    close(tile(res.data, 7), [-1, -1, -1, -1].map(() => gen.range[0])); // blank after B's mean
    expect(() => latentArithmetic(gen, { seed: 9, gridSize: 16, terms: [{ weight: 1, indices: [16], name: 'A' }] })).toThrow(
      /A: index 16 is not in the grid of 16 \(0\.\.15\)/,
    );
  });

  it('class grids: one row per requested class, the same latent down each column', async () => {
    const gen = findGenerator(await build(tinyGenerator({ conditional: true })));
    const before = tf.memory().numTensors;
    const g = classGrid(gen, { perClass: 4, seed: 3, classes: [2, 0] });
    expect(g.labels).toEqual([2, 2, 2, 2, 0, 0, 0, 0]);
    const columns = drawLatents(gen, 4, 3);
    for (let r = 0; r < 2; r++) {
      for (let j = 0; j < 4; j++) close(tile(g.data, r * 4 + j), direct(gen, columns.slice(j * 4, j * 4 + 4), [2, 0][r]));
    }
    // The label matters: the same latent drawn as class 2 and class 0 differs.
    expect(tile(g.data, 0)).not.toEqual(tile(g.data, 4));
    expect(tf.memory().numTensors).toBe(before);
    const plain = findGenerator(await build(tinyGenerator()));
    expect(() => classGrid(plain)).toThrow(/has no label input .*class-conditional sampling needs a conditional generator/);
    expect(() => classGrid(gen, { classes: [3] })).toThrow(/class 3 is not in 0\.\.2/);
  });
});
