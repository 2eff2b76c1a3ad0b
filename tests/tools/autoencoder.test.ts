import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { Rng, compile, type Registry, type Trainer } from '@ganvas/core';
import { selectBackend } from '@ganvas/backend';
import { createNodeRegistry, nodeHost } from '@ganvas/host-node';
import { GeneratorNotFound, betweenImages, drawLatents, encodeImages, findAutoencoder, type Autoencoder } from '@ganvas/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyGenerator } from './tiny-graphs.js';

/**
 * The autoencoder tools on the AE and VAE templates themselves: they must find the encoder, the
 * code (the VAE's mean, not a sample) and the decoder with its sigmoid, and every image they
 * make must equal the networks applied directly.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const templates = path.resolve(here, '../../templates');
let registry: Registry;
const trainers: Trainer[] = [];

async function template(name: string): Promise<Trainer> {
  const doc = JSON.parse(fs.readFileSync(path.join(templates, name), 'utf8'));
  const t = await compile(doc, registry, { host: nodeHost });
  trainers.push(t);
  return t;
}

const ctx = (n: number) => ({ training: false, rng: new Rng(0), batchSize: n, step: 0, purpose: 'sample' as const });

/** Two 28×28 "digits" in [0, 1] that differ: a bar and a ring. */
function twoImages(): [Float32Array, Float32Array] {
  const a = new Float32Array(784);
  const b = new Float32Array(784);
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      if (x >= 12 && x < 16 && y >= 4 && y < 24) a[y * 28 + x] = 1;
      const r = Math.hypot(x - 13.5, y - 13.5);
      if (r > 6 && r < 9) b[y * 28 + x] = 0.9;
    }
  }
  return [a, b];
}

/** The encoder's code of one image and the decoder's sigmoid image of one code, applied directly. */
function directCode(ae: Autoencoder, image: Float32Array): Float32Array {
  return tf.tidy(() => ae.encoder.network.apply({ [ae.encoder.image]: tf.tensor4d(image, [1, 28, 28, 1]) }, ctx(1))[ae.encoder.code]!.dataSync() as Float32Array);
}
function directImage(ae: Autoencoder, code: Float32Array): Float32Array {
  return tf.tidy(() => {
    const logits = ae.decoder.network.apply({ [ae.decoder.latent.port]: tf.tensor2d(code, [1, code.length]) }, ctx(1))[ae.decoder.outputPort]!;
    return tf.sigmoid(logits).dataSync() as Float32Array;
  });
}

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  expect(worst).toBeLessThanOrEqual(tol);
}

beforeAll(async () => {
  await selectBackend('cpu');
  ({ registry } = await createNodeRegistry({ searchDirs: [path.resolve(here, '..')] }));
});

afterAll(() => {
  for (const t of trainers) t.dispose();
});

describe('findAutoencoder', () => {
  it('finds the AE’s encoder, its code, the decoder with the sigmoid after it, and the data feeding the encoder', async () => {
    const ae = findAutoencoder(await template('ae-mnist.json'));
    expect(ae.encoder).toMatchObject({ apply: 'encode', image: 'x', code: 'code', imageShape: [28, 28, 1] });
    expect(ae.decoder).toMatchObject({ applyId: 'decode', outputPort: 'logits', latent: { port: 'z', source: 'encode' } });
    expect(ae.decoder.latent.distribution).toBeUndefined();
    expect(ae.decoder.post.map((p) => p.id)).toEqual(['probs']);
    expect(ae.source).toEqual({ node: 'data', port: 'image' });
    expect(ae.range).toEqual([0, 1]);
  });

  it('takes the VAE’s mean as the code, through layers.reparameterize, never a sample', async () => {
    const ae = findAutoencoder(await template('vae-mnist.json'));
    expect(ae.encoder).toMatchObject({ apply: 'encode', code: 'mu' });
    expect(ae.decoder.latent.size).toBe(20);
    expect(ae.decoder.post.map((p) => p.id)).toEqual(['probs']);
    const [a] = twoImages();
    const first = encodeImages(ae, a, 1);
    close(first, encodeImages(ae, a, 1), 0);
    close(first, directCode(ae, a));
  });

  it('says what it looked for in a graph without an encoder, and an autoencoder’s code cannot be drawn as noise', async () => {
    const gan = await compile(tinyGenerator(), registry, { host: nodeHost });
    trainers.push(gan);
    expect(() => findAutoencoder(gan)).toThrow(GeneratorNotFound);
    expect(() => findAutoencoder(gan)).toThrow(/no autoencoder: the tools look for a core\.apply of a decoder network whose only input \(role "latent"\) comes from a core\.apply of an encoder network/);
    const ae = findAutoencoder(await template('ae-mnist.json'));
    expect(() => drawLatents(ae.decoder, 2, 0)).toThrow(/the latent "z" of "Decoder" is a code computed by "encode", not noise to draw from/);
  });
});

describe('betweenImages', () => {
  it('is a, the decoded path from code(a) to code(b), then b; its ends are the reconstructions and its middle the decoded mean code', async () => {
    for (const name of ['ae-mnist.json', 'vae-mnist.json']) {
      const ae = findAutoencoder(await template(name));
      const [a, b] = twoImages();
      const before = tf.memory().numTensors;
      const strip = betweenImages(ae, a, b, { steps: 3 });
      expect(tf.memory().numTensors).toBe(before);
      expect(strip).toMatchObject({ n: 5, height: 28, width: 28, channels: 1, range: [0, 1] });
      const tile = (i: number) => strip.data.subarray(i * 784, (i + 1) * 784);
      close(tile(0), a, 0);
      close(tile(4), b, 0);
      const ca = directCode(ae, a);
      const cb = directCode(ae, b);
      close(tile(1), directImage(ae, ca));
      close(tile(3), directImage(ae, cb));
      close(tile(2), directImage(ae, ca.map((v, i) => (v + cb[i]!) / 2)));
      expect(strip.codes).toHaveLength(3);
    }
  });

  it('rejects images that are not the encoder’s size', async () => {
    const ae = findAutoencoder(await template('ae-mnist.json'));
    expect(() => encodeImages(ae, new Float32Array(100), 1)).toThrow(/encode: 100 values are not 1 images of 28×28×1/);
    expect(() => betweenImages(ae, new Float32Array(784), new Float32Array(10), { steps: 2 })).toThrow(/the two images differ in size \(784 and 10 values\)/);
  });
});
