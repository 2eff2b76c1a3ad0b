import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { compile, formatDiagnostic, validateDocument, type GraphDocument, type Registry } from '@ganvas/core';
import { selectBackend } from '@ganvas/backend';
import { nodeHost } from '@ganvas/host-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { testRegistry } from './critics.js';

// A researcher turns DCGAN into WGAN-GP by rewiring nodes, not by editing code: the graph
// below is templates/dcgan-mnist.json with its loss, optimizer and schedule nodes changed,
// plus one change inside D — its batch norm is removed, because the gradient penalty is a
// per-sample constraint that batch statistics would couple across the batch (Gulrajani et al.
// use no batch norm in the critic).

const here = path.dirname(fileURLToPath(import.meta.url));
const readTemplate = (name: string) => JSON.parse(fs.readFileSync(path.resolve(here, '../../templates', name), 'utf8')) as GraphDocument;
const dcgan = readTemplate('dcgan-mnist.json');
// The optimizer settings come from the WGAN-GP template (Adam(2e-4, β = (0.5, 0.9))), so the derived
// graph trains with what the template documents.
const wganGpAdam = readTemplate('wgan-gp-mnist.json').nodes.find((n) => n.id === 'opt_d')!.params;

function deriveWganGp(source: GraphDocument): GraphDocument {
  const doc = structuredClone(source);
  doc.name = 'WGAN-GP derived from DCGAN';
  const byId = (id: string) => {
    const n = doc.nodes.find((x) => x.id === id);
    if (!n) throw new Error(`no node ${id}`);
    return n;
  };
  // Losses: the same two nodes on the same ports, now Wasserstein.
  Object.assign(byId('loss_d'), { type: 'gan.wasserstein', version: 1, params: { side: 'critic' } });
  Object.assign(byId('loss_g'), { type: 'gan.wasserstein', version: 1, params: { side: 'generator' } });
  // The penalty calls D itself; its sum with the critic loss feeds D's optimizer.
  doc.nodes.push(
    { id: 'gp', type: 'gan.gradientPenalty', version: 1, params: { lambda: 10 }, position: { x: 750, y: -140 } },
    { id: 'loss_total', type: 'loss.weightedSum', version: 1, params: {}, position: { x: 875, y: 0 } },
  );
  doc.edges = doc.edges.filter((e) => !(e.source === 'loss_d' && e.target === 'opt_d'));
  doc.edges.push(
    { source: 'D', sourcePort: 'net', target: 'gp', targetPort: 'critic' },
    { source: 'data', sourcePort: 'image', target: 'gp', targetPort: 'real' },
    { source: 'fake', sourcePort: 'image', target: 'gp', targetPort: 'fake' },
    { source: 'loss_d', sourcePort: 'loss', target: 'loss_total', targetPort: 'terms' },
    { source: 'gp', sourcePort: 'loss', target: 'loss_total', targetPort: 'terms' },
    { source: 'loss_total', sourcePort: 'loss', target: 'opt_d', targetPort: 'loss' },
  );
  // Optimizers: the WGAN-GP template's Adam; schedule: 5 critic updates per G update.
  for (const id of ['opt_d', 'opt_g']) byId(id).params = { ...wganGpAdam };
  byId('schedule').params = { repeat: [5, 1] };
  // The critic loses its batch norm: conv2 → lrelu2 directly.
  const d = doc.networks['dcgan_discriminator']!;
  d.nodes = d.nodes.filter((n) => n.type !== 'layers.batchNorm');
  d.edges = d.edges.filter((e) => e.target !== 'bn2').map((e) => (e.source === 'bn2' ? { ...e, source: 'conv2' } : e));
  return doc;
}

let registry: Registry;
beforeAll(async () => {
  await selectBackend('wasm');
  registry = await testRegistry();
});

describe('DCGAN → WGAN-GP by rewiring', () => {
  it('changes only loss, optimizer and schedule nodes (and removes the critic batch norm)', () => {
    const derived = deriveWganGp(dcgan);
    const typeOf = (doc: GraphDocument) => new Map(doc.nodes.map((n) => [n.id, n.type]));
    const before = typeOf(dcgan);
    const after = typeOf(derived);
    const changed = [...after].filter(([id, type]) => before.get(id) !== type || JSON.stringify(dcgan.nodes.find((n) => n.id === id)?.params) !== JSON.stringify(derived.nodes.find((n) => n.id === id)?.params));
    const categories = new Set(changed.map(([, type]) => registry.get(type)?.definition.category));
    expect([...categories].sort()).toEqual(['loss', 'optimizer', 'training']);
    expect(derived.networks['dcgan_generator']).toEqual(dcgan.networks['dcgan_generator']);
  });

  it('validates, trains 2 steps of 5 critic + 1 G updates with finite losses and a flat tensor count', async () => {
    const derived = deriveWganGp(dcgan);
    const result = validateDocument(derived, registry);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
    const trainer = await compile(derived, registry, { host: nodeHost, batchSize: 8 });
    expect(trainer.phases.map((p) => p.repeat)).toEqual([5, 1]);
    const first = await trainer.runStep();
    const before = tf.memory().numTensors;
    const second = await trainer.runStep();
    expect(tf.memory().numTensors).toBe(before);
    for (const e of [first, second]) for (const [phase, loss] of Object.entries(e.losses)) expect(Number.isFinite(loss), phase).toBe(true);
    // At initialisation (DCGAN's N(0, 0.02) weights) the critic is nearly flat, so ‖∇f‖ ≈ 0 and
    // the penalty ≈ λ: the critic phase's loss is dominated by it. A plain WGAN loss would be ≈ 0.
    const criticPhase = Object.keys(first.losses)[0]!;
    expect(first.losses[criticPhase]).toBeGreaterThan(5);
    expect(first.losses[criticPhase]).toBeLessThan(10.5);
    trainer.dispose();
  });
});
