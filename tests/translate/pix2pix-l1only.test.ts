import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@ganvas/backend';
import { Rng, type GraphDocument } from '@ganvas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileTemplate, templatesDir } from './helpers.js';

/**
 * templates/pix2pix-shapes-l1only.json is pix2pix-shapes.json with the GAN removed: derived here
 * from the full graph by deleting D and everything that depends on it and keeping 100·L1 as
 * G's loss, then compared node for node (positions and captions aside), and trained.
 */

const read = (file: string) => JSON.parse(fs.readFileSync(path.join(templatesDir, file), 'utf8')) as GraphDocument;

/** The full graph without D: drop D and its dependants (fixpoint over the edges), G's loss is 100·L1 alone. */
function withoutGan(full: GraphDocument): GraphDocument {
  const dropped = new Set(['D']);
  for (let grew = true; grew; ) {
    grew = false;
    for (const e of full.edges) {
      if (dropped.has(e.source) && !dropped.has(e.target) && e.target !== 'loss_g') {
        dropped.add(e.target);
        grew = true;
      }
    }
  }
  // The schedule only sequenced D and G; opt_d loses its loss.
  for (const id of ['opt_d', 'schedule']) dropped.add(id);
  const nodes = full.nodes.filter((n) => !dropped.has(n.id)).map((n) => (n.id === 'loss_g' ? { ...n, params: { weights: [100] } } : n));
  const edges = full.edges.filter((e) => !dropped.has(e.source) && !dropped.has(e.target));
  const { patch_discriminator: _d, ...networks } = full.networks;
  return { ...full, nodes, edges, networks };
}

const comparable = (d: GraphDocument) => ({
  training: d.training,
  networks: d.networks,
  nodes: d.nodes.map((n) => ({ id: n.id, type: n.type, version: n.version, params: n.params })).sort((a, b) => a.id.localeCompare(b.id)),
  edges: d.edges.map((e) => `${e.source}.${e.sourcePort}->${e.target}.${e.targetPort}`).sort(),
});

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('pix2pix-shapes-l1only.json', () => {
  it('is pix2pix-shapes.json without D and the GAN terms: same data, U-Net, G optimizer, steps and seed', () => {
    const full = read('pix2pix-shapes.json');
    const baseline = read('pix2pix-shapes-l1only.json');
    expect(comparable(baseline)).toEqual(comparable(withoutGan(full)));
    // The derivation removed what it should, no more.
    expect(full.nodes.length - baseline.nodes.length).toBe(7);
    expect(baseline.nodes.map((n) => n.type)).not.toContain('loss.gan');
    expect(baseline.description).toMatch(/baseline for pix2pix-shapes\.json/);
  });

  it('trains: one phase (G) whose loss is 100 × the L1 term, and the U-Net moves', async () => {
    const { trainer } = await compileTemplate('pix2pix-shapes-l1only.json', 4);
    try {
      expect(trainer.phases.map((p) => p.name)).toEqual(['G']);
      const g = trainer.top.nodes.get('G')!.network!;
      const before = g.trainableVariables().map((v) => Float32Array.from(v.dataSync()));
      const first = await trainer.runStep();
      const second = await trainer.runStep();
      for (const e of [first, second]) {
        expect(Object.keys(e.losses)).toEqual(['G']);
        expect(Number.isFinite(e.losses.G)).toBe(true);
      }
      const moved = g.trainableVariables().filter((v, i) => v.dataSync().some((x, k) => x !== before[i]![k]));
      expect(moved.length).toBe(g.trainableVariables().length);
      // The phase loss is the weighted L1 node's value: 100·mean|y − G(x)| on images in [-1, 1].
      const memo = { outputs: new Map() };
      const ctx = { training: true, rng: new Rng(5), batchSize: 4, step: 2, purpose: 'eval' as const };
      tf.tidy(() => {
        const l1 = (trainer.top.value('loss_l1', 'loss', memo as never, ctx) as tf.Tensor).dataSync()[0]!;
        const total = (trainer.top.value('loss_g', 'loss', memo as never, ctx) as tf.Tensor).dataSync()[0]!;
        expect(total).toBeCloseTo(100 * l1, 3);
        expect(l1).toBeGreaterThan(0);
        expect(l1).toBeLessThan(2);
      });
    } finally {
      trainer.dispose();
    }
  });
});
