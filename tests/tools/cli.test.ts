import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '@ganvas/cli';
import { decodePng } from '@ganvas/host-node';
import { loadMnist } from '@ganvas/nodes-data';
import { CLASSIFIER_ARCH, classifierKey, encodeClassifier, initClassifierWeights } from '@ganvas/tools';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The tools through the `ganvas` command, on a cGAN run of one step. The classifier cache is
 * seeded with an untrained classifier under the real key, so `eval` takes the cached path and
 * the test stays fast; the metrics' numbers are checked in classifier.test.ts.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const templates = path.resolve(here, '../../templates');
let dir: string;
let cache: string;

function cli(args: string[]) {
  let out = '';
  let err = '';
  const io = {
    stdout: { write: (s: string) => ((out += s), true) },
    stderr: { write: (s: string) => ((err += s), true) },
    cwd: dir,
    env: { GANVAS_CACHE_DIR: cache },
  };
  return main(args, io as never).then((code) => ({ code, out, err }));
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ganvas-tools-cli-'));
  cache = path.join(dir, 'cache');
  const train = await loadMnist('train');
  const heldout = await loadMnist('heldout');
  const key = classifierKey(train, heldout);
  fs.mkdirSync(path.join(cache, 'classifiers'), { recursive: true });
  const record = { key, arch: CLASSIFIER_ARCH, heldoutAccuracy: 0.5, heldoutCount: 1000, trainCount: 9000, trainMs: 1, training: {}, weights: initClassifierWeights(7) };
  fs.writeFileSync(path.join(cache, 'classifiers', `${key}.bin`), encodeClassifier(record));
  const r = await cli(['train', path.join(templates, 'cgan-mnist.json'), '--out', 'cgan', '--steps', '1', '--backend', 'wasm']);
  expect(r.code).toBe(0);
});

describe('ganvas eval (sample quality)', () => {
  it('detects the conditional generator and writes coverage, label accuracy and Fréchet distance into eval.json', async () => {
    const r = await cli(['eval', 'cgan', '--backend', 'wasm', '--samples', '200']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('classifier: 50.00% on 1000 held-out digits (cached:');
    expect(r.out).toMatch(/label accuracy \(classified as the requested digit\): \d+\.\d%/);
    const result = JSON.parse(fs.readFileSync(path.join(dir, 'cgan', 'eval.json'), 'utf8'));
    expect(result.losses).toBeDefined();
    const q = result.quality;
    expect(q).toMatchObject({ samples: 200, conditional: true, generator: { network: 'G', apply: 'fake', preview: 'preview' } });
    expect(q.classifier).toMatchObject({ cached: true, heldoutAccuracy: 0.5 });
    expect(q.coverage.shares).toHaveLength(10);
    expect(q.coverage.shares.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 10);
    expect(q.labelAccuracyPerClass).toHaveLength(10);
    expect(q.frechetDistance).toBeGreaterThan(0);
    expect(Number.isFinite(q.frechetDistance)).toBe(true);
  });

  it('--batch-statistics N samples G with batch norm on each batch, as in training, and says so', async () => {
    const read = () => JSON.parse(fs.readFileSync(path.join(dir, 'cgan', 'eval.json'), 'utf8'));
    expect((await cli(['eval', 'cgan', '--backend', 'wasm', '--samples', '100', '--no-losses'])).code).toBe(0);
    const inference = read().quality;
    expect((await cli(['eval', 'cgan', '--backend', 'wasm', '--samples', '100', '--no-losses', '--batch-statistics', '50'])).code).toBe(0);
    const batch = read().quality;
    expect(inference.batchStatistics).toBeUndefined();
    expect(batch.batchStatistics).toBe(50);
    // After one training step the running statistics are still near their start (mean 0,
    // variance 1), far from the batch's own: the same latents make different digits.
    expect(Math.abs(batch.frechetDistance - inference.frechetDistance)).toBeGreaterThan(1e-3 * inference.frechetDistance);
  });
});

describe('ganvas latent', () => {
  it('classes: ten rows of --per-class tiles', async () => {
    const r = await cli(['latent', 'classes', 'cgan', '--out', 'classes.png', '--per-class', '3', '--backend', 'wasm']);
    expect(r.code).toBe(0);
    const png = decodePng(fs.readFileSync(path.join(dir, 'classes.png')));
    expect([png.width, png.height]).toEqual([3 * 28 + 2 * 2, 10 * 28 + 9 * 2]);
  });

  it('interpolate: one strip of --steps tiles; arithmetic names its rows', async () => {
    const r = await cli(['latent', 'interpolate', 'cgan', '--out', 'strip.png', '--steps', '6', '--slerp', '--label', '7', '--backend', 'wasm']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('slerp interpolation in 6 steps from latent 0 of seed 1 to latent 0 of seed 2');
    const png = decodePng(fs.readFileSync(path.join(dir, 'strip.png')));
    expect([png.width, png.height]).toEqual([6 * 28 + 5 * 2, 28]);
    const a = await cli(['latent', 'arithmetic', 'cgan', '--out', 'a.png', '--seed', '3', '--a', '1,2', '--b', '3', '--c', '4,5,6', '--backend', 'wasm']);
    expect(a.code).toBe(0);
    expect(a.out).toContain('− B: latents 3, then their mean');
  });

  it('explains wrong use', async () => {
    const bad = await cli(['latent', 'arithmetic', 'cgan', '--out', 'a.png', '--a', '1', '--b', '2', '--c', '3', '--backend', 'wasm']);
    expect(bad).toMatchObject({ code: 1 });
    expect(bad.err).toMatch(/--seed S is required \(the grid the indices point into/);
    const range = await cli(['latent', 'arithmetic', 'cgan', '--out', 'a.png', '--seed', '1', '--n', '8', '--a', '1', '--b', '9', '--c', '3', '--backend', 'wasm']);
    expect(range.err).toMatch(/B: index 9 is not in the grid of 8/);
    const tool = await cli(['latent', 'morph', 'cgan']);
    expect(tool.err).toMatch(/unknown tool "morph"; tools: grid, interpolate, arithmetic, classes, between/);
  });

  it('between: held-out digits a and b at the ends of a strip through the autoencoder’s codes', async () => {
    const trained = await cli(['train', path.join(templates, 'ae-mnist.json'), '--out', 'ae', '--steps', '1', '--backend', 'wasm']);
    expect(trained.code).toBe(0);
    const r = await cli(['latent', 'between', 'ae', '--out', 'between.png', '--a', '4', '--b', '9', '--steps', '5', '--backend', 'wasm']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('linear path in 5 codes from heldout image 4 to heldout image 9 of "data": encoder "Encoder" ("code"), decoder "Decoder"');
    const png = decodePng(fs.readFileSync(path.join(dir, 'between.png')));
    expect([png.width, png.height]).toEqual([7 * 28 + 6 * 2, 28]);
    // The first tile is held-out digit 4 and the last digit 9, as the data source gives them.
    const heldout = await loadMnist('heldout');
    const tile = (column: number, digit: number) => {
      let worst = 0;
      for (let y = 0; y < 28; y++) {
        for (let x = 0; x < 28; x++) {
          const pixel = png.pixels[(y * png.width + column * 30 + x) * png.channels]!;
          worst = Math.max(worst, Math.abs(pixel - heldout.images[digit * 784 + y * 28 + x]! * 255));
        }
      }
      return worst;
    };
    expect(tile(0, 4)).toBeLessThanOrEqual(1);
    expect(tile(6, 9)).toBeLessThanOrEqual(1);
    expect(tile(0, 9)).toBeGreaterThan(100);

    const far = await cli(['latent', 'between', 'ae', '--out', 'b.png', '--b', '1000', '--backend', 'wasm']);
    expect(far.err).toMatch(/--a 0 --b 1000: the heldout split of "data" has images 0\.\.999/);
    const gan = await cli(['latent', 'between', 'cgan', '--out', 'b.png', '--backend', 'wasm']);
    expect(gan.err).toMatch(/latent between: the graph has no autoencoder[\s\S]*GANs have no encoder: use "latent interpolate"/);
    const grid = await cli(['latent', 'grid', 'ae', '--out', 'g.png', '--backend', 'wasm']);
    expect(grid.err).toMatch(/this graph is an autoencoder: "ganvas latent between" walks between the codes of two real images/);
  });
});

describe('ganvas eval-images', () => {
  it('measures a raw float32 file against the same real digits: real held-out digits score ≈ 0', async () => {
    const heldout = await loadMnist('heldout');
    const file = path.join(dir, 'real.f32');
    const signed = heldout.images.map((v) => v * 2 - 1);
    fs.writeFileSync(file, new Uint8Array(signed.buffer));
    fs.writeFileSync(`${file}.json`, JSON.stringify({ count: 1000, height: 28, width: 28, channels: 1, range: [-1, 1] }));
    fs.writeFileSync(path.join(dir, 'labels.i32'), new Uint8Array(heldout.labels.slice().buffer));
    const r = await cli(['eval-images', 'real.f32', '--labels', 'labels.i32', '--backend', 'wasm']);
    expect(r.code).toBe(0);
    const result = JSON.parse(fs.readFileSync(`${file}.eval.json`, 'utf8'));
    expect(result.frechetDistance).toBeLessThan(1e-3);
    expect(result.coverage.totalVariation).toBe(0);
    expect(result.range).toEqual([-1, 1]);
    expect(result.labelAccuracy).toBeGreaterThanOrEqual(0);
    fs.writeFileSync(path.join(dir, 'short.f32'), new Uint8Array(100));
    const short = await cli(['eval-images', 'short.f32']);
    expect(short.err).toMatch(/short\.f32: 100 bytes are not whole 28×28 float32 images/);
  });
});
