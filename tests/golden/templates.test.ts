import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { compile, formatDiagnostic, validateDocument, type Registry } from '@ganvas/core';
import { selectBackend } from '@ganvas/backend';
import { createNodeHost, createNodeRegistry } from '@ganvas/host-node';
import { beforeAll, describe, expect, it } from 'vitest';

// Golden graphs: every template shipped in templates/ goes through the real plug-in
// discovery, validator and compiler, and trains a few steps on the default backend.
const here = path.dirname(fileURLToPath(import.meta.url));
const templatesDir = path.resolve(here, '../../templates');
const templates = fs.readdirSync(templatesDir).filter((f) => f.endsWith('.json')).sort();

let registry: Registry;

beforeAll(async () => {
  await selectBackend('wasm');
  ({ registry } = await createNodeRegistry({ searchDirs: [path.resolve(here, '..')] }));
});

describe('templates', () => {
  it('ship at least the VAE and DCGAN graphs', () => {
    expect(templates).toEqual(expect.arrayContaining(['dcgan-mnist.json', 'vae-mnist.json']));
  });

  for (const file of templates) {
    const doc = JSON.parse(fs.readFileSync(path.join(templatesDir, file), 'utf8'));
    // Style transfer needs pretrained VGG-19 weights, which are not in the repository:
    // $GANVAS_VGG19_WEIGHTS or the template's own path; without them it is skipped.
    const vgg = doc.nodes.find((n: { type: string }) => n.type === 'style.vgg19');
    const weights = vgg && path.resolve(templatesDir, process.env.GANVAS_VGG19_WEIGHTS ?? vgg.params.weights);
    const noWeights = vgg !== undefined && !fs.existsSync(/\.json$/.test(weights) ? weights : path.join(weights, 'model.json'));
    if (vgg && !noWeights) vgg.params.weights = weights;
    const skipped = noWeights ? ` (skipped: no VGG-19 weights at ${weights}; set GANVAS_VGG19_WEIGHTS)` : '';
    it.skipIf(noWeights)(`${file}: validates, trains 3 steps with finite losses and flat tensor count, renders samples${skipped}`, async () => {
      const result = validateDocument(doc, registry);
      expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
      // Every network definition opens to layer nodes (nothing is a black box).
      for (const [name, net] of Object.entries(result.document!.networks)) {
        expect(net.nodes.filter((n) => n.type.startsWith('layers.')).length, name).toBeGreaterThan(0);
      }
      const trainer = await compile(doc, registry, { host: createNodeHost({ baseDir: templatesDir }), batchSize: 16 });
      await trainer.runStep();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 2; i++) {
        const e = await trainer.runStep();
        for (const [phase, loss] of Object.entries(e.losses)) expect(Number.isFinite(loss), phase).toBe(true);
      }
      expect(tf.memory().numTensors).toBe(before);
      const [grid] = trainer.sample({ n: 4 });
      expect(grid).toBeDefined();
      // Style transfer optimises one image.
      expect(grid!.n).toBe(vgg ? 1 : 4);
      expect(grid!.data.every(Number.isFinite)).toBe(true);
      expect(tf.memory().numTensors).toBe(before);
      trainer.dispose();
    });
  }
});
