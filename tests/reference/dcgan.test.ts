import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { compile, type Registry, type Trainer } from '@ganvas/core';
import { selectBackend } from '@ganvas/backend';
import { createNodeRegistry, nodeHost } from '@ganvas/host-node';
import { loadMnist } from '@ganvas/nodes-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundle, writeBundle, type BundleArray } from './bundle.js';
import { maxRelError, relError } from './compare.js';
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
  weightsOf,
  type ArchSpec,
} from './template.js';

// templates/dcgan-mnist.json against bench/reference/dcgan_mnist.py (float64 PyTorch) on the
// template's initial weights, one fixed real batch and one fixed z, in training mode.

const B = 16;
const SCRIPT = 'dcgan_mnist.py';

let registry: Registry;
let trainer: Trainer;
let real: tf.Tensor4D;
let z: tf.Tensor2D;
let reference: { lossD: number; lossG: number };
let refArrays: Map<string, BundleArray>;
let initial: Record<string, BundleArray>;
const dir = tempDir('dcgan-ref');

async function realBatch(): Promise<Float32Array> {
  const train = await loadMnist('train');
  const out = new Float32Array(B * 784);
  spreadIndices(train.count, B).forEach((k, i) => {
    for (let p = 0; p < 784; p++) out[i * 784 + p] = train.images[k * 784 + p]! * 2 - 1;
  });
  return out;
}

beforeAll(async () => {
  requireTorch();
  await selectBackend('cpu');
  ({ registry } = await createNodeRegistry({ searchDirs: [pluginSearchDir] }));
  trainer = await compile(loadTemplate('dcgan-mnist.json'), registry, { host: nodeHost, batchSize: B });
  initial = weightsOf(trainer);
  const realValues = await realBatch();
  const zValues = new Float32Array(tf.tidy(() => tf.randomNormal([B, 100], 0, 1, 'float32', 20240).dataSync() as Float32Array));
  real = tf.tensor4d(realValues, [B, 28, 28, 1]);
  z = tf.tensor2d(zValues, [B, 100]);
  writeBundle(path.join(dir, 'in'), {
    ...initial,
    real: { shape: [B, 28, 28, 1], values: realValues },
    z: { shape: [B, 100], values: zValues },
  });
  reference = runReference(SCRIPT, ['--check', path.join(dir, 'in'), '--out', path.join(dir, 'out')]);
  refArrays = readBundle(path.join(dir, 'out'));
});

afterAll(() => {
  real?.dispose();
  z?.dispose();
  trainer?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const sources = () => ({ data: { image: real }, z: { z } });

describe('DCGAN template vs PyTorch', () => {
  it('has the architecture and settings the reference script hard-codes', () => {
    expectTemplateMatches(trainer, runReference<ArchSpec>(SCRIPT, ['--describe']));
  });

  it('gives the same D and G losses (1e-5 relative) and batch-norm running statistics', () => {
    const ctx = trainingContext(B);
    const [lossD, lossG] = tf.tidy(() => {
      const memo = seededMemo(sources());
      return [lossValue(trainer, 'loss_d', memo, ctx).dataSync()[0]!, lossValue(trainer, 'loss_g', memo, ctx).dataSync()[0]!];
    }) as [number, number];
    const errors = { lossD: relError(lossD, reference.lossD), lossG: relError(lossG, reference.lossG) };
    console.log('DCGAN losses', { ganvas: { lossD, lossG }, pytorch: reference, relError: errors });
    expect(errors.lossD).toBeLessThan(1e-5);
    expect(errors.lossG).toBeLessThan(1e-5);

    // One evaluation of both losses ran G once and D twice (real, then fake), as PyTorch did:
    // the running statistics (momentum 0.1, unbiased variance) must agree too.
    const after = trainer.snapshot().tensors;
    const stats = [...refArrays].filter(([name]) => name.startsWith('state/'));
    expect(stats.length, 'mean and variance of G/bn1, G/bn2, D/bn2').toBe(6);
    for (const [name, ref] of stats) {
      const ours = after[`weights/${name.slice('state/'.length)}`];
      expect(ours, name).toBeDefined();
      expect(maxRelError(ours!.values, ref.values), name).toBeLessThan(1e-5);
    }
  });

  it('gives the same gradients of the D loss w.r.t. D/conv1 and of the G loss w.r.t. G/project (1e-4 relative)', () => {
    const ctx = trainingContext(B);
    const gConv1 = gradientOf(trainer, 'loss_d', 'D/conv1/kernel', sources, ctx);
    const gProject = gradientOf(trainer, 'loss_g', 'G/project/kernel', sources, ctx);
    const errors = {
      dLossD_dConv1: maxRelError(gConv1, refArrays.get('grad/D/conv1/kernel')!.values),
      dLossG_dProject: maxRelError(gProject, refArrays.get('grad/G/project/kernel')!.values),
    };
    console.log('DCGAN gradient max-relative errors', errors);
    expect(errors.dLossD_dConv1).toBeLessThan(1e-4);
    expect(errors.dLossG_dProject).toBeLessThan(1e-4);
  });
});
