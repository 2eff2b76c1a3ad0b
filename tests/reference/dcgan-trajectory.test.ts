import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Rng, compile, type GraphDocument, type Registry } from '@ganvas/core';
import { selectBackend } from '@ganvas/backend';
import { createNodeRegistry, nodeHost } from '@ganvas/host-node';
import { loadMnist } from '@ganvas/nodes-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundle, writeBundle } from './bundle.js';
import { relError } from './compare.js';
import { requireTorch, runReference, tempDir } from './python.js';
import { replaySource } from './replay-source.js';
import { loadTemplate, pluginSearchDir, weightsOf } from './template.js';

// templates/dcgan-mnist.json trained K steps by the real Trainer (its optimizer nodes and
// schedule) against bench/reference/dcgan_mnist.py --trajectory (float64 PyTorch) from the same
// initial weights on the same inputs: the template's z and data sources are swapped for nodes
// replaying batches drawn here, which the script gets too. Run without and with one-sided label
// smoothing (loss_d's realTarget), to tell an engine difference from float32 rounding.

const B = 16;
const K = 10;
const NZ = 100;
const SCRIPT = 'dcgan_mnist.py';
const TARGETS = [1, 0.9] as const;

// Tolerances, from measurements (wasm backend, float32, vs float64 PyTorch):
// - Step 1's losses come before any update: float32 rounding alone, measured ≤ 3e-7.
// - After that the trajectory is chaotic at the level of rounding: a few (Leaky)ReLU inputs per
//   10 steps lie within 1e-6 of zero, and which side they fall on changes that unit's gradient
//   by a finite amount. float64 PyTorch run against itself with its gradients perturbed by 2e-7
//   of their scale (less than float32's own error) lands on a handful of distinct trajectories;
//   over 16 such runs its losses drift up to 1.8e-3 (relative) from the unperturbed run by step
//   9, and the update of G/project (the weights before the first ReLU) by 4.2e-2 (rms). ganvas
//   stays within 4e-5 in losses and lands on one of those same trajectories (its weight
//   errors equal to two digits those of two perturbed runs).
// - A wrong realTarget (0.9 vs 1) moves the D loss by 5.4e-2 at step 1 and ≥ 0.11 after, the
//   G loss by ≥ 3e-2, and the asserted layers' updates by ≥ 8.8e-2 (rms): well outside.
const lossTolerance = (step: number) => (step === 1 ? 1e-5 : 5e-3);
/** On rms(ours − theirs) / rms(theirs − initial): the error of the update, relative to its size. */
const UPDATE_TOL = 3e-2;
/** Layers whose updates are asserted (all are logged): G's output layer, D's first and last. */
const CHECKED = ['G/up2/kernel', 'D/conv1/kernel', 'D/score/kernel'];
const LR = 2e-4;

const latents = replaySource({ type: 'test.replayLatents', port: 'z', contract: { role: 'latent', dtype: 'float32' }, dims: [NZ] });
const images = replaySource({
  type: 'test.replayImages',
  port: 'image',
  contract: { role: 'image', dtype: 'float32', range: [-1, 1] },
  dims: [28, 28, 1],
});

interface Trajectory {
  lossD: number[];
  lossG: number[];
}
interface Reference extends Trajectory {
  steps: number;
  realTarget: number;
}

let registry: Registry;
let reals: Float32Array[];
let zD: Float32Array[];
let zG: Float32Array[];
const references = new Map<number, Reference>();
const dir = tempDir('dcgan-trajectory');

/** The template with its sources replayed and the given realTarget on loss_d. */
function replayedDocument(realTarget: number): GraphDocument {
  const doc = structuredClone(loadTemplate('dcgan-mnist.json'));
  const swap = (id: string, type: string, replacement: string) => {
    const node = doc.nodes.find((n) => n.id === id);
    if (node?.type !== type) throw new Error(`the template has no ${type} "${id}"`);
    node.type = replacement;
    node.params = {};
  };
  swap('z', 'data.gaussianNoise', latents.definition.type);
  swap('data', 'data.mnist', images.definition.type);
  const lossD = doc.nodes.find((n) => n.id === 'loss_d');
  if (lossD?.type !== 'loss.gan') throw new Error('the template has no loss.gan "loss_d"');
  lossD.params = { ...lossD.params, realTarget };
  return doc;
}

const stack = (batches: Float32Array[]) => {
  const out = new Float32Array(batches.reduce((n, b) => n + b.length, 0));
  batches.forEach((b, i) => out.set(b, i * b.length));
  return out;
};

/** K shuffled training digits per step in [-1, 1], and one fresh latent batch per phase. */
async function drawInputs(): Promise<void> {
  const train = await loadMnist('train');
  const order = new Rng(4242).permutation(train.count);
  reals = Array.from({ length: K }, (_, k) => {
    const batch = new Float32Array(B * 784);
    for (let i = 0; i < B; i++) {
      const src = order[k * B + i]! * 784;
      for (let p = 0; p < 784; p++) batch[i * 784 + p] = train.images[src + p]! * 2 - 1;
    }
    return batch;
  });
  const noise = new Rng(9001);
  zD = Array.from({ length: K }, () => noise.normals(B * NZ));
  zG = Array.from({ length: K }, () => noise.normals(B * NZ));
}

beforeAll(async () => {
  requireTorch();
  // wasm, what training uses here ('auto' without tfjs-node): the cpu backend takes ~12 s per
  // step of this template.
  await selectBackend('wasm');
  ({ registry } = await createNodeRegistry({ searchDirs: [pluginSearchDir] }));
  const report = registry.registerPlugin(
    'test-plugin',
    { apiVersion: 1, namespace: 'test', entry: 'x' },
    { nodes: [latents.definition, images.definition] },
  );
  expect(report.errors).toEqual([]);
  await drawInputs();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const relErrors = (ours: number[], theirs: number[]) => ours.map((v, i) => relError(v, theirs[i]!));

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/**
 * rms(ours − ref) / rms(ref − initial). Weights move only ~K·lr from their initial values, so an
 * error relative to the weights themselves would hide a wrong update; and a few weights flipped
 * by a ReLU decided by rounding (see the tolerances) would dominate a max.
 */
function updateError(ours: ArrayLike<number>, ref: ArrayLike<number>, initial: ArrayLike<number>): number {
  let diff = 0;
  let update = 0;
  for (let i = 0; i < ref.length; i++) {
    diff += (ours[i]! - ref[i]!) ** 2;
    update += (ref[i]! - initial[i]!) ** 2;
  }
  if (update === 0) throw new Error('the reference did not move these weights; an update error is undefined');
  return Math.sqrt(diff / update);
}

const fmt = (xs: number[]) => xs.map((x) => x.toExponential(1)).join(' ');

describe('DCGAN template vs PyTorch over a training trajectory', () => {
  it.each(TARGETS)('realTarget %s: per-step losses and final weights agree', async (realTarget) => {
    const trainer = await compile(replayedDocument(realTarget), registry, { host: nodeHost, batchSize: B });
    try {
      // The schedule the script mirrors: D's update, then G's, once each per step.
      expect(trainer.phases.map((p) => [p.id, p.loss.node, p.repeat])).toEqual([
        ['opt_d', 'loss_d', 1],
        ['opt_g', 'loss_g', 1],
      ]);
      const [phaseD, phaseG] = trainer.phases.map((p) => p.name) as [string, string];
      const initial = weightsOf(trainer);
      const inDir = path.join(dir, `in-${realTarget}`);
      const outDir = path.join(dir, `out-${realTarget}`);
      writeBundle(inDir, {
        ...initial,
        real: { shape: [K, B, 28, 28, 1], values: stack(reals) },
        zD: { shape: [K, B, NZ], values: stack(zD) },
        zG: { shape: [K, B, NZ], values: stack(zG) },
        realTarget: { shape: [], values: new Float64Array([realTarget]) },
      });

      // Each phase evaluates G once: the D phase on zD[k], the G phase on zG[k].
      latents.load(zD.flatMap((z, k) => [z, zG[k]!]));
      images.load(reals);
      const ours: Trajectory = { lossD: [], lossG: [] };
      let tensorsAfterFirst = 0;
      for (let k = 0; k < K; k++) {
        const { losses } = await trainer.runStep();
        ours.lossD.push(losses[phaseD]!);
        ours.lossG.push(losses[phaseG]!);
        // The first update creates Adam's moment slots; nothing else may stay behind.
        if (k === 0) tensorsAfterFirst = tf.memory().numTensors;
      }
      expect(tf.memory().numTensors, 'tensors alive after the steps').toBe(tensorsAfterFirst);
      expect([latents.drawn(), images.drawn()], 'latent and real batches drawn').toEqual([2 * K, K]);
      const final = weightsOf(trainer);

      const reference = runReference<Reference>(SCRIPT, ['--trajectory', inDir, '--out', outDir]);
      references.set(realTarget, reference);
      expect([reference.steps, reference.realTarget]).toEqual([K, realTarget]);
      const refWeights = readBundle(outDir);
      expect([...refWeights.keys()].sort()).toEqual(Object.keys(final).sort());

      const errD = relErrors(ours.lossD, reference.lossD);
      const errG = relErrors(ours.lossG, reference.lossG);
      const updateErr: Record<string, number> = {};
      const inLr: string[] = [];
      for (const [name, w] of Object.entries(final)) {
        const layer = name.slice('weights/'.length);
        const ref = refWeights.get(name)!.values;
        if (!layer.includes('/running')) updateErr[layer] = updateError(w.values, ref, initial[name]!.values);
        inLr.push(`${layer} ${(maxAbsDiff(w.values, ref) / LR).toFixed(3)}`);
      }
      console.log(
        `DCGAN trajectory realTarget=${realTarget}, ${K} steps, relative error per step\n` +
          `  lossD ${fmt(errD)}\n  lossG ${fmt(errG)}\n` +
          `  final weights, rms error of the update: ${Object.entries(updateErr)
            .map(([n, e]) => `${n} ${e.toExponential(1)}`)
            .join(', ')}\n` +
          `  final weights, max |diff| in units of lr: ${inLr.join(', ')}\n` +
          `  lossD ganvas ${fmt(ours.lossD)}\n  lossD torch  ${fmt(reference.lossD)}`,
      );
      errD.forEach((e, k) => expect(e, `lossD at step ${k + 1}`).toBeLessThan(lossTolerance(k + 1)));
      errG.forEach((e, k) => expect(e, `lossG at step ${k + 1}`).toBeLessThan(lossTolerance(k + 1)));
      for (const name of CHECKED) expect(updateErr[name], `update of ${name}`).toBeLessThan(UPDATE_TOL);
    } finally {
      trainer.dispose();
    }
  });

  it('resolves realTarget: the two targets give trajectories far apart compared with the tolerance', () => {
    const [plain, smoothed] = TARGETS.map((t) => references.get(t));
    expect(plain && smoothed, 'both trajectories ran').toBeTruthy();
    // Had either side ignored realTarget, its trajectory would be the other target's: the D
    // losses differ by ten tolerances or more at every step.
    const apart = relErrors(smoothed!.lossD, plain!.lossD);
    console.log(`DCGAN trajectory: lossD at realTarget 0.9 vs 1, relative, per step: ${fmt(apart)}`);
    apart.forEach((e, k) => expect(e, `step ${k + 1}`).toBeGreaterThan(10 * lossTolerance(k + 1)));
  });
});
