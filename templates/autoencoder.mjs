#!/usr/bin/env node
// Writes ae-mnist.json from the hand-written vae-mnist.json by rewiring only, the way a course
// shows the step from an autoencoder to a VAE backwards: the encoder keeps its mean head as the
// code, the decoder reads that code directly (no reparameterisation, no KL term), and the loss is
// the reconstruction alone. Run: node templates/autoencoder.mjs. The JSON file is the product.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const d = JSON.parse(fs.readFileSync(path.join(here, 'vae-mnist.json'), 'utf8'));
const expect = (ok, what) => {
  if (!ok) throw new Error(`vae-mnist.json: ${what}; update templates/autoencoder.mjs`);
};

// Encoder: drop the log-variance head and output; the mean head becomes the code.
const enc = d.networks.vae_encoder;
expect(enc.nodes.some((n) => n.id === 'logvar_head') && enc.nodes.some((n) => n.id === 'mu'), 'expected encoder nodes mu and logvar_head');
enc.nodes = enc.nodes.filter((n) => n.id !== 'logvar_head' && n.id !== 'logvar');
enc.edges = enc.edges.filter((e) => e.target !== 'logvar_head' && e.target !== 'logvar');
const mu = enc.nodes.find((n) => n.id === 'mu');
mu.params.name = 'code';
enc.title = 'Encoder';
enc.description = '28x28 image -> flatten -> dense 400, ReLU -> dense 20: the code';
d.networks.ae_encoder = enc;
delete d.networks.vae_encoder;
d.networks.ae_decoder = d.networks.vae_decoder;
delete d.networks.vae_decoder;
d.networks.ae_decoder.description = '20-d code -> dense 400, ReLU -> dense 784 -> 28x28x1 Bernoulli logits';

// Top level: no sampling, no KL, no -ELBO sum; the preview shows input | reconstruction.
const drop = new Set(['sample_z', 'kl', 'elbo', 'prior', 'generate']);
expect([...drop].every((id) => d.nodes.some((n) => n.id === id)), `expected nodes ${[...drop].join(', ')}`);
d.nodes = d.nodes.filter((n) => !drop.has(n.id));
d.edges = d.edges.filter((e) => !drop.has(e.source) && !drop.has(e.target));
d.nodes.find((n) => n.id === 'E').params.definition = 'ae_encoder';
d.nodes.find((n) => n.id === 'Dec').params.definition = 'ae_decoder';
d.nodes.find((n) => n.id === 'encode').label = 'code = E(x)';
d.nodes.find((n) => n.id === 'decode').label = 'D(code)';
const at = (id) => d.nodes.find((n) => n.id === id).position;
d.nodes.push({ id: 'row', type: 'i2i.sideBySide', version: 1, label: 'x | reconstruction', params: {}, position: { x: at('probs').x + 220, y: at('probs').y } });
d.edges.push(
  { source: 'encode', sourcePort: 'code', target: 'decode', targetPort: 'z' },
  { source: 'recon', sourcePort: 'loss', target: 'opt', targetPort: 'loss' },
  { source: 'decode', sourcePort: 'logits', target: 'probs', targetPort: 'x' },
  { source: 'data', sourcePort: 'image', target: 'row', targetPort: 'images' },
  { source: 'probs', sourcePort: 'y', target: 'row', targetPort: 'images' },
);
d.edges = d.edges.map((e) => (e.source === 'probs' && e.target === 'preview' ? { ...e, source: 'row', sourcePort: 'image' } : e));
d.nodes.find((n) => n.id === 'preview').label = 'Inputs and reconstructions';
d.nodes.find((n) => n.id === 'opt').label = 'AE';
d.name = 'Autoencoder on MNIST';
d.description =
  'vae-mnist.json without the variational part: the encoder maps an image to a 20-d code (its mean head), the decoder maps ' +
  'the code back to Bernoulli logits, and the loss is the reconstruction alone (BCE summed over pixels, averaged over the ' +
  'batch). No reparameterisation and no KL term, so nothing shapes the codes into N(0, I): sampling the decoder at random ' +
  'codes gives poor digits, which is what the VAE fixes. Preview: input | reconstruction. Same networks, Adam(1e-3) and ' +
  '450 steps of batch 100 = 5 epochs over the 9,000 training digits.';
fs.writeFileSync(path.join(here, 'ae-mnist.json'), `${JSON.stringify(d, null, 2)}\n`);
console.log('wrote templates/ae-mnist.json');
