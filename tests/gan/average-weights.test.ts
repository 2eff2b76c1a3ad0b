import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { compile, decodeCheckpoint, encodeCheckpoint, type GraphDocument, type Registry } from '@ganvas/core';
import { selectBackend } from '@ganvas/backend';
import { nodeHost } from '@ganvas/host-node';
import { findGenerator, generate } from '@ganvas/tools';
import { beforeAll, describe, expect, it } from 'vitest';
import { testRegistry } from './critics.js';

// optim.averageWeights keeps a moving average of G beside training; previews, checkpoints and
// the generator tools must use it, and training must never see it.

const here = path.dirname(fileURLToPath(import.meta.url));
const dcgan = JSON.parse(fs.readFileSync(path.resolve(here, '../../templates/dcgan-mnist.json'), 'utf8')) as GraphDocument;

/** DCGAN with G's average on G's phase (the template's own, if it already has one). */
function withAverage(source: GraphDocument, decay: number): GraphDocument {
  const doc = structuredClone(source);
  const existing = doc.nodes.find((n) => n.type === 'optim.averageWeights');
  if (existing) {
    existing.params = { decay };
    return doc;
  }
  doc.nodes.push({ id: 'ema', type: 'optim.averageWeights', version: 1, params: { decay }, position: { x: 0, y: 0 } });
  doc.edges = doc.edges.filter((e) => !(e.source === 'opt_g' && e.target === 'schedule'));
  doc.edges.push(
    { source: 'opt_g', sourcePort: 'phase', target: 'ema', targetPort: 'phase' },
    { source: 'G', sourcePort: 'net', target: 'ema', targetPort: 'network' },
    { source: 'ema', sourcePort: 'phase', target: 'schedule', targetPort: 'phases' },
  );
  return doc;
}

const gWeights = (trainer: Awaited<ReturnType<typeof compile>>) => {
  const g = trainer.top.nodes.get('G')!.network!;
  return g.trainableVariables().map((v) => Array.from(v.dataSync()));
};

let registry: Registry;
beforeAll(async () => {
  await selectBackend('wasm');
  registry = await testRegistry();
});

describe('optim.averageWeights in a DCGAN', () => {
  it('does not change training: the live weights follow the same path as without it', async () => {
    const plain = await compile(dcgan, registry, { host: nodeHost, batchSize: 8 });
    const averaged = await compile(withAverage(dcgan, 0.5), registry, { host: nodeHost, batchSize: 8 });
    for (let i = 0; i < 2; i++) {
      await plain.runStep();
      await averaged.runStep();
    }
    expect(gWeights(averaged)).toEqual(gWeights(plain));
    plain.dispose();
    averaged.dispose();
  });

  it('samples with the average, puts the live weights back, and a checkpoint reproduces the samples', async () => {
    const doc = withAverage(dcgan, 0.5);
    const trainer = await compile(doc, registry, { host: nodeHost, batchSize: 8 });
    await trainer.runStep();
    const afterFirst = gWeights(trainer);
    await trainer.runStep();
    const live = gWeights(trainer);
    // decay 0.5 over two G updates: avg = 0.5·w₁ + 0.5·w₂.
    const expected = afterFirst.map((w1, i) => w1.map((a, k) => 0.5 * a + 0.5 * live[i]![k]!));

    const before = tf.memory().numTensors;
    const [grid] = trainer.sample({ n: 4 });
    expect(tf.memory().numTensors).toBe(before);
    expect(gWeights(trainer)).toEqual(live);

    // sample() swaps the average in: whatever the live weights hold, the grid is the same.
    const g = trainer.top.nodes.get('G')!.network!;
    const vars = g.trainableVariables();
    vars.forEach((v, i) => v.assign(tf.tensor(expected[i]!, v.shape)));
    const [otherLive] = trainer.sample({ n: 4 });
    expect(Array.from(otherLive!.data)).toEqual(Array.from(grid!.data));
    // The tools' images are those of the network holding avg = 0.5·w₁ + 0.5·w₂ by hand.
    const gen = findGenerator(trainer);
    const latents = new Float32Array(4 * gen.latent.size).fill(0.1);
    const byHand = generate({ ...gen, withWeights: undefined }, latents);
    vars.forEach((v, i) => v.assign(tf.tensor(live[i]!, v.shape)));
    const viaTools = generate(gen, latents);
    expect(gWeights(trainer)).toEqual(live);
    for (let i = 0; i < byHand.data.length; i++) expect(viaTools.data[i]).toBeCloseTo(byHand.data[i]!, 5);

    // The average is in the checkpoint: a fresh trainer restored from it samples the same.
    const restored = await compile(doc, registry, { host: nodeHost, batchSize: 8 });
    const encoded = encodeCheckpoint(trainer.snapshot());
    restored.restore(decodeCheckpoint(encoded.json, encoded.binary));
    const [again] = restored.sample({ n: 4 });
    for (let i = 0; i < grid!.data.length; i++) expect(again!.data[i]).toBeCloseTo(grid!.data[i]!, 5);
    const viaToolsRestored = generate(findGenerator(restored), latents);
    for (let i = 0; i < viaTools.data.length; i++) expect(viaToolsRestored.data[i]).toBeCloseTo(viaTools.data[i]!, 5);
    // `ganvas eval` restores weights only (its sources differ from the run's): the average is a
    // weight and comes along.
    const weightsOnly = await compile(doc, registry, { host: nodeHost, batchSize: 8 });
    weightsOnly.restore(decodeCheckpoint(encoded.json, encoded.binary), { weightsOnly: true });
    const viaWeightsOnly = generate(findGenerator(weightsOnly), latents);
    for (let i = 0; i < viaTools.data.length; i++) expect(viaWeightsOnly.data[i]).toBeCloseTo(viaTools.data[i]!, 5);
    weightsOnly.dispose();

    // And the tools' images differ from the live network's: the average is really used.
    const liveOnly = gen.withWeights ? generate({ ...gen, withWeights: undefined }, latents) : viaTools;
    let diff = 0;
    for (let i = 0; i < liveOnly.data.length; i++) diff = Math.max(diff, Math.abs(liveOnly.data[i]! - viaTools.data[i]!));
    expect(diff).toBeGreaterThan(1e-4);
    trainer.dispose();
    restored.dispose();
  });
});
