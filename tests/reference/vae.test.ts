import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { compile, type GraphDocument, type Registry, type Trainer } from '@ganvas/core';
import { selectBackend } from '@ganvas/backend';
import { createNodeRegistry, nodeHost } from '@ganvas/host-node';
import { loadMnist } from '@ganvas/nodes-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundle, writeBundle, type BundleArray } from './bundle.js';
import { maxRelError, relError } from './compare.js';
import { FIXED_REPARAMETERIZE, fixedReparameterize } from './fixed-reparameterize.js';
import { requireTorch, runReference, tempDir } from './python.js';
import {
  expectTemplateMatches,
  gradientOf,
  loadTemplate,
  lossValue,
  pluginSearchDir,
  seededMemo,
  spreadIndices,
  trainingContext,
  variableAt,
  weightsOf,
  type ArchSpec,
} from './template.js';

// templates/vae-mnist.json against bench/reference/vae_mnist.py (float64 PyTorch) on the
// template's initial weights, one fixed batch and one fixed ε. The template draws ε inside
// layers.reparameterize; a copy of the document swaps that node for test.fixedReparameterize.

const B = 16;
const SCRIPT = 'vae_mnist.py';
const SAMPLER = 'sample_z';

let registry: Registry;
let original: GraphDocument;
let trainer: Trainer;
let x: tf.Tensor4D;
let eps: tf.Tensor2D;
let reference: { loss: number; recon: number; kl: number };
let refArrays: Map<string, BundleArray>;
const dir = tempDir('vae-ref');

function withFixedSampler(doc: GraphDocument): GraphDocument {
  const copy = structuredClone(doc);
  const node = copy.nodes.find((n) => n.id === SAMPLER);
  if (node?.type !== 'layers.reparameterize') throw new Error(`the template has no layers.reparameterize "${SAMPLER}"`);
  node.type = FIXED_REPARAMETERIZE;
  return copy;
}

async function batch(): Promise<Float32Array> {
  const train = await loadMnist('train');
  const out = new Float32Array(B * 784);
  spreadIndices(train.count, B).forEach((k, i) => out.set(train.images.subarray(k * 784, (k + 1) * 784), i * 784));
  return out;
}

beforeAll(async () => {
  requireTorch();
  await selectBackend('cpu');
  ({ registry } = await createNodeRegistry({ searchDirs: [pluginSearchDir] }));
  registry.registerPlugin('test-plugin', { apiVersion: 1, namespace: 'test', entry: 'x' }, { nodes: [fixedReparameterize(() => eps)] });
  original = loadTemplate('vae-mnist.json');
  trainer = await compile(withFixedSampler(original), registry, { host: nodeHost, batchSize: B });
  // At init mu ≈ 0 and logvar ≈ 0, where the KL term is nearly zero and insensitive to its
  // formula; move both heads' biases away from zero so the comparison exercises it.
  for (const [head, seed] of [['E/mu_head/bias', 11], ['E/logvar_head/bias', 12]] as const) {
    const v = variableAt(trainer, head);
    tf.tidy(() => v.assign(tf.randomNormal(v.shape, 0, 0.7, 'float32', seed)));
  }
  const xValues = await batch();
  const epsValues = new Float32Array(tf.tidy(() => tf.randomNormal([B, 20], 0, 1, 'float32', 777).dataSync() as Float32Array));
  x = tf.tensor4d(xValues, [B, 28, 28, 1]);
  eps = tf.tensor2d(epsValues, [B, 20]);
  writeBundle(path.join(dir, 'in'), {
    ...weightsOf(trainer),
    x: { shape: [B, 28, 28, 1], values: xValues },
    eps: { shape: [B, 20], values: epsValues },
  });
  reference = runReference(SCRIPT, ['--check', path.join(dir, 'in'), '--out', path.join(dir, 'out')]);
  refArrays = readBundle(path.join(dir, 'out'));
});

afterAll(() => {
  x?.dispose();
  eps?.dispose();
  trainer?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const sources = () => ({ data: { image: x } });

describe('VAE template vs PyTorch', () => {
  it('has the architecture and settings the reference script hard-codes', async () => {
    // Checked on the unmodified template (the copy differs only in the sampler's type).
    const plain = await compile(original, registry, { host: nodeHost, batchSize: B });
    try {
      expectTemplateMatches(plain, runReference<ArchSpec>(SCRIPT, ['--describe']));
    } finally {
      plain.dispose();
    }
  });

  it('gives the same negative ELBO and terms (1e-5 relative)', () => {
    const ctx = trainingContext(B);
    const ours = tf.tidy(() => {
      const memo = seededMemo(sources());
      const read = (node: string) => lossValue(trainer, node, memo, ctx).dataSync()[0]!;
      return { loss: read('elbo'), recon: read('recon'), kl: read('kl') };
    });
    const errors = {
      loss: relError(ours.loss, reference.loss),
      recon: relError(ours.recon, reference.recon),
      kl: relError(ours.kl, reference.kl),
    };
    console.log('VAE losses', { ganvas: ours, pytorch: reference, relError: errors });
    expect(errors.loss).toBeLessThan(1e-5);
    expect(errors.recon).toBeLessThan(1e-5);
    expect(errors.kl).toBeLessThan(1e-5);
  });

  it('gives the same gradients w.r.t. E/hidden and Dec/out (1e-4 relative)', () => {
    const ctx = trainingContext(B);
    const errors = {
      dLoss_dEncHidden: maxRelError(
        gradientOf(trainer, 'elbo', 'E/hidden/kernel', sources, ctx),
        refArrays.get('grad/E/hidden/kernel')!.values,
      ),
      dLoss_dDecOut: maxRelError(gradientOf(trainer, 'elbo', 'Dec/out/kernel', sources, ctx), refArrays.get('grad/Dec/out/kernel')!.values),
    };
    console.log('VAE gradient max-relative errors', errors);
    expect(errors.dLoss_dEncHidden).toBeLessThan(1e-4);
    expect(errors.dLoss_dDecOut).toBeLessThan(1e-4);
  });
});
