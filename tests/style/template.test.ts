import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { compile, formatDiagnostic, validateDocument, type Registry } from '@ganvas/core';
import { selectBackend } from '@ganvas/backend';
import { createNodeHost, createNodeRegistry } from '@ganvas/host-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
import { writeTinyVgg } from './tiny-vgg.js';

// templates/style-transfer.json through the real registry and compiler, on a seeded VGG-19
// prefix (the real weights are not needed to check the wiring) at 32×32.
const here = path.dirname(fileURLToPath(import.meta.url));
const templatesDir = path.resolve(here, '../../templates');
const template = JSON.parse(fs.readFileSync(path.join(templatesDir, 'style-transfer.json'), 'utf8'));
let registry: Registry;

beforeAll(async () => {
  await selectBackend('wasm');
  ({ registry } = await createNodeRegistry({ searchDirs: [path.resolve(here, '..')] }));
});

/** The template with its VGG weights and image sizes replaced. */
function variant(weights: string, size: number, weightsParam?: number[]) {
  const doc = structuredClone(template);
  for (const n of doc.nodes) {
    if (n.type === 'style.vgg19') n.params.weights = weights;
    if (n.type === 'style.imageFile' || n.type === 'style.imageParameter') Object.assign(n.params, { height: size, width: size });
    if (n.id === 'total' && weightsParam) n.params.weights = weightsParam;
    if (n.type === 'optim.adam') n.params.lr = 0.01;
  }
  return doc;
}

describe('templates/style-transfer.json', () => {
  it('validates without any weights present (files are only read when it runs)', () => {
    const result = validateDocument(template, registry);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
  });

  it('says where the weights were looked for and what to do when they are missing', async () => {
    const missing = path.join(tempDir('nowhere'), 'vgg19');
    await expect(compile(variant(missing, 32), registry, { host: createNodeHost({ baseDir: templatesDir, log: () => undefined }) })).rejects.toThrow(
      new RegExp(`node "vgg": VGG-19 weights not found at "${missing}".*tensorflowjs_converter`),
    );
  });

  it('trains (style term alone): the loss falls, targets stay cached, tensors stay flat, the preview is the image', async () => {
    const dir = tempDir('template');
    writeTinyVgg(path.join(dir, 'vgg'), { upTo: 'block3_conv2', seed: 2 });
    const host = createNodeHost({ baseDir: templatesDir, log: () => undefined });
    const trainer = await compile(variant(path.join(dir, 'vgg'), 32, [0, 1, 0]), registry, { host });
    // The image starts as the content image: content loss 0.
    const start = trainer.evaluate(new (await import('@ganvas/core')).Rng(0));
    const first = await trainer.runStep();
    const before = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 5; i++) last = await trainer.runStep();
    console.log(`template on a seeded VGG prefix, 32×32: loss ${first.losses['image']} → ${last.losses['image']}`);
    expect(tf.memory().numTensors).toBe(before);
    expect(last.losses['image']!).toBeLessThan(first.losses['image']!);
    expect(Object.values(start)[0]).toBeGreaterThan(0);
    const [grid] = trainer.sample();
    expect(grid).toMatchObject({ n: 1, height: 32, width: 32, channels: 3, range: [0, 1] });
    // Checkpoints hold the image and Adam's slots, never the frozen VGG weights.
    const names = Object.keys(trainer.snapshot().tensors);
    expect(names.some((n) => n.includes('block1_conv1'))).toBe(false);
    expect(names).toContain('weights/image/image');
    trainer.dispose();
  }, 60_000);
});
