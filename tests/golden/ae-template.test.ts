import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { compile, type GraphDocument, type Registry } from '@ganvas/core';
import { selectBackend } from '@ganvas/backend';
import { createNodeHost, createNodeRegistry } from '@ganvas/host-node';
import { beforeAll, describe, expect, it } from 'vitest';

// templates/ae-mnist.json is written by templates/autoencoder.mjs from vae-mnist.json: the course's
// step from an autoencoder to a VAE, taken backwards by rewiring. If vae-mnist.json changes and
// the script is not rerun, the first test fails and says what drifted.

const here = path.dirname(fileURLToPath(import.meta.url));
const templatesDir = path.resolve(here, '../../templates');
const read = (f: string) => JSON.parse(fs.readFileSync(path.join(templatesDir, f), 'utf8')) as GraphDocument;
const vae = read('vae-mnist.json');
const ae = read('ae-mnist.json');
const layers = (net: GraphDocument['networks'][string]) => net.nodes.filter((n) => n.type.startsWith('layers.')).map(({ id, type, params }) => ({ id, type, params }));

let registry: Registry;
beforeAll(async () => {
  await selectBackend('wasm');
  ({ registry } = await createNodeRegistry({ searchDirs: [path.resolve(here, '..')] }));
});

describe('ae-mnist.json', () => {
  it('is the VAE without its variational part: same layers but the log-variance head, no sampling, no KL', () => {
    expect(ae.training).toEqual(vae.training);
    expect(layers(ae.networks.ae_encoder!)).toEqual(layers(vae.networks.vae_encoder!).filter((n) => n.id !== 'logvar_head'));
    expect(layers(ae.networks.ae_decoder!)).toEqual(layers(vae.networks.vae_decoder!));
    const types = (d: GraphDocument) => new Set(d.nodes.map((n) => n.type));
    for (const gone of ['layers.reparameterize', 'loss.klNormal', 'loss.weightedSum', 'data.gaussianNoise']) {
      expect(types(vae).has(gone), gone).toBe(true);
      expect(types(ae).has(gone), gone).toBe(false);
    }
    const into = (d: GraphDocument, target: string, port: string) => d.edges.filter((e) => e.target === target && e.targetPort === port).map((e) => `${e.source}.${e.sourcePort}`);
    expect(into(ae, 'decode', 'z')).toEqual(['encode.code']);
    expect(into(ae, 'opt', 'loss')).toEqual(['recon.loss']);
    expect(ae.nodes.find((n) => n.id === 'opt')!.params).toEqual(vae.nodes.find((n) => n.id === 'opt')!.params);
  });

  it('learns to reconstruct: the training loss falls by a third in 60 steps, the tensor count stays flat', async () => {
    const trainer = await compile(ae, registry, { host: createNodeHost({ baseDir: templatesDir }), batchSize: 32, seed: 4 });
    const first = (await trainer.runStep()).losses;
    const before = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 59; i++) last = (await trainer.runStep()).losses;
    expect(tf.memory().numTensors).toBe(before);
    // BCE summed over 784 pixels: ~543 nats at the start (every logit near 0 gives 784·ln 2).
    expect(first['AE']).toBeGreaterThan(400);
    expect(last['AE']).toBeLessThan((first['AE']! * 2) / 3);
    const [grid] = trainer.sample({ n: 4 });
    // Input | reconstruction, side by side.
    expect([grid!.n, grid!.height, grid!.width]).toEqual([4, 28, 56]);
    trainer.dispose();
  }, 120_000);
});
