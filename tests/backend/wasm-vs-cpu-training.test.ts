import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { compile, type Registry } from '@ganvas/core';
import { selectBackend } from '@ganvas/backend';
import { createNodeRegistry, nodeHost } from '@ganvas/host-node';
import { beforeAll, describe, expect, it } from 'vitest';

// The default backend (wasm with this project's replacement kernels) must train the
// templates exactly like the reference cpu backend: same losses and same weights after
// a couple of full steps (forward, backward, Adam, BN running stats), within float32
// tolerance. Small batches keep the cpu side fast.
const here = path.dirname(fileURLToPath(import.meta.url));
const templatesDir = path.resolve(here, '../../templates');
let registry: Registry;

beforeAll(async () => {
  ({ registry } = await createNodeRegistry({ searchDirs: [path.resolve(here, '..')] }));
});

async function train(file: string, backend: 'cpu' | 'wasm') {
  await selectBackend(backend);
  const doc = JSON.parse(fs.readFileSync(path.join(templatesDir, file), 'utf8'));
  const trainer = await compile(doc, registry, { host: nodeHost, batchSize: 6, seed: 11 });
  const losses = [];
  for (let i = 0; i < 2; i++) losses.push((await trainer.runStep()).losses);
  const weights = trainer.snapshot().tensors;
  trainer.dispose();
  return { losses, weights };
}

describe.each(['dcgan-mnist.json', 'vae-mnist.json'])('%s: wasm trains like cpu', (file) => {
  it('same losses and weights after 2 steps', async () => {
    const cpu = await train(file, 'cpu');
    const wasm = await train(file, 'wasm');
    cpu.losses.forEach((step, i) => {
      // Relative: the VAE's loss is a sum over 784 pixels (~550), float32 gives ~1e-6 of it.
      for (const [phase, loss] of Object.entries(step)) {
        expect(Math.abs(wasm.losses[i]![phase]! - loss), phase).toBeLessThan(1e-4 + 1e-5 * Math.abs(loss));
      }
    });
    const names = Object.keys(cpu.weights).filter((n) => n.startsWith('weights/') || n.startsWith('optimizer/'));
    expect(names.length).toBeGreaterThan(4);
    for (const name of names) {
      const a = wasm.weights[name]!.values;
      const b = cpu.weights[name]!.values;
      let worst = 0;
      for (let k = 0; k < b.length; k++) worst = Math.max(worst, Math.abs(a[k]! - b[k]!) / (1e-4 + Math.abs(b[k]!)));
      // Adam's first steps move each weight by ~lr whatever the gradient's size, so weights
      // agree far more tightly than this; slots (m, v) carry the gradients themselves.
      expect(worst, name).toBeLessThan(2e-2);
    }
  }, 120_000);
});

it('leaves no tensors behind on wasm', async () => {
  await selectBackend('wasm');
  const before = tf.memory().numTensors;
  await train('dcgan-mnist.json', 'wasm');
  expect(tf.memory().numTensors).toBe(before);
});
