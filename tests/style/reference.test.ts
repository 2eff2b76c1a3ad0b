import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@ganvas/backend';
import { contentLoss, gramMatrix, styleLayerLoss, totalVariation } from '@ganvas/nodes-style';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBundle, type BundleArray } from '../reference/bundle.js';
import { maxRelError, relError } from '../reference/compare.js';
import { PYTHON, requireTorch } from '../reference/python.js';
import { buildVgg, recordingHost, syntheticImage, tempDir } from './helpers.js';
import { writeTinyVgg } from './tiny-vgg.js';

// Content, Gram, style and TV losses and their gradients w.r.t. the image, against PyTorch
// (tests/style/style_ref.py, float64) on identical VGG weights and images. The weights are a
// seeded VGG-19 prefix written in the TensorFlow.js layers format and loaded by style.vgg19.
const here = path.dirname(fileURLToPath(import.meta.url));
const STYLE = ['block1_conv1', 'block2_conv1', 'block3_conv1'];
const CONTENT = 'block2_conv2';
const STYLE_WEIGHTS = [0.5, 0.3, 0.2];
const TOL = 1e-4;

interface RefEntry {
  value: number | number[];
  grad?: number[];
}

let ref: Record<string, RefEntry>;
let ours: Record<string, { value: number | Float32Array; grad?: Float32Array }>;
const dispose: (() => void)[] = [];

beforeAll(async () => {
  requireTorch();
  await selectBackend('cpu');
  const dir = tempDir('ref');
  const tiny = writeTinyVgg(path.join(dir, 'vgg'), { upTo: 'block3_conv1', seed: 5 });
  const content = syntheticImage(20, 24, 1);
  const style = syntheticImage(20, 24, 2);
  const x = tf.tidy(() => tf.clipByValue(tf.add(content, tf.randomUniform(content.shape, -0.2, 0.2, 'float32', 9)), 0, 1));
  const arrays: Record<string, BundleArray> = {
    x: { shape: x.shape, values: x.dataSync() as Float32Array },
    content: { shape: content.shape, values: content.dataSync() as Float32Array },
    style: { shape: style.shape, values: style.dataSync() as Float32Array },
  };
  for (const [name, w] of tiny.weights) arrays[name] = { shape: w.shape, values: w.values };
  const bundle = path.join(dir, 'bundle');
  writeBundle(bundle, arrays);
  const fs = await import('node:fs');
  const index = JSON.parse(fs.readFileSync(path.join(bundle, 'index.json'), 'utf8'));
  fs.writeFileSync(path.join(bundle, 'index.json'), JSON.stringify({ ...index, layers: tiny.layers, content: CONTENT, style: STYLE, style_weights: STYLE_WEIGHTS }));
  const stdout = execFileSync(PYTHON, [path.join(here, 'style_ref.py'), bundle], { encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, OMP_NUM_THREADS: '1' } });
  ref = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, RefEntry>;

  const { node, net } = await buildVgg(recordingHost(dir), { weights: 'vgg', outputs: [...STYLE, CONTENT] });
  dispose.push(() => node.dispose());
  const feats = (img: tf.Tensor) => net.apply({ image: img }, { training: false } as never);
  const p = tf.keep(feats(content)[CONTENT]!);
  const a = STYLE.map((l) => tf.keep(gramMatrix(feats(style)[l]!)));
  const measure = (f: (img: tf.Tensor) => tf.Scalar) => {
    const { value, grad } = tf.valueAndGrad(f)(x);
    const out = { value: value.dataSync()[0]!, grad: grad.dataSync() as Float32Array };
    tf.dispose([value, grad]);
    return out;
  };
  ours = {
    content: measure((img) => contentLoss(feats(img)[CONTENT]!, p)),
    style: measure((img) => {
      const f = feats(img);
      return tf.addN(STYLE.map((l, i) => tf.mul(styleLayerLoss(f[l]!, a[i]!), STYLE_WEIGHTS[i]!))) as tf.Scalar;
    }),
    tv: measure((img) => totalVariation(img)),
  };
  STYLE.forEach((l, i) => {
    ours[`style_${l}`] = measure((img) => styleLayerLoss(feats(img)[l]!, a[i]!));
    ours[`gram_${l}`] = { value: tf.tidy(() => gramMatrix(feats(x)[l]!)).dataSync() as Float32Array };
  });
  tf.dispose([p, ...a, x, content, style]);
}, 120_000);

afterAll(() => dispose.forEach((d) => d()));

describe('style transfer losses vs PyTorch (same VGG weights and images)', () => {
  const scalar = ['content', 'style', 'tv', ...STYLE.map((l) => `style_${l}`)];
  for (const name of scalar) {
    it(`${name}: value and image gradient within ${TOL} relative`, () => {
      const r = ref[name]!;
      const o = ours[name]!;
      const valueErr = relError(o.value as number, r.value as number);
      const gradErr = maxRelError(o.grad!, r.grad!);
      console.log(`${name}: value ${(o.value as number).toPrecision(8)} vs torch ${(r.value as number).toPrecision(8)} (rel ${valueErr.toExponential(2)}), grad max rel ${gradErr.toExponential(2)}`);
      expect(valueErr).toBeLessThan(TOL);
      expect(gradErr).toBeLessThan(TOL);
    });
  }
  for (const l of STYLE) {
    it(`Gram matrix at ${l} within ${TOL} relative`, () => {
      const err = maxRelError(ours[`gram_${l}`]!.value as Float32Array, ref[`gram_${l}`]!.value as number[]);
      console.log(`gram_${l}: max rel ${err.toExponential(2)}`);
      expect(err).toBeLessThan(TOL);
    });
  }
});
