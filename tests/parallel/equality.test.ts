import * as tf from '@tensorflow/tfjs-core';
import { compile } from '@ganvas/core';
import { nodeHost } from '@ganvas/host-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { movedDiff, packedDcgan, pair, relDiff, setup, smallConvGan, state, template } from './helpers.js';

// Two workers, each computing half of every batch, train exactly what one worker trains:
// same data rows, noise, dropout masks and ε, batch norm on the full batch's statistics,
// losses and gradients averaged. Equal up to float32 rounding (summation order differs).

beforeAll(setup);

async function trainBoth(doc: unknown, steps: number, batchSize?: number) {
  const p = await pair(doc, batchSize !== undefined ? { batchSize } : {});
  const start = state(p.one, 'weights/');
  const losses: { one: Record<string, number>; two: Record<string, number> }[] = [];
  const tensors: number[] = [];
  for (let i = 0; i < steps; i++) {
    const one = (await p.one.runStep()).losses;
    const two = (await p.two.runStep()).losses;
    losses.push({ one, two });
    tensors.push(...(await p.group.settle()).map((r) => r.tensors));
  }
  return { p, losses, tensors, start };
}

function expectLossesClose(losses: { one: Record<string, number>; two: Record<string, number> }[], tolerance: number) {
  for (const { one, two } of losses) {
    for (const [phase, v] of Object.entries(one)) expect(Math.abs(two[phase]! - v) / Math.abs(v), `loss of ${phase}`).toBeLessThan(tolerance);
  }
}

describe('two workers train what one trains', () => {
  it('a small conv GAN with batch norm, dropout, noise and MNIST batches (Adam, 4 steps)', async () => {
    const { p, losses, tensors } = await trainBoth(smallConvGan(), 4);
    try {
      expectLossesClose(losses, 1e-4);
      const d = relDiff(state(p.one, 'weights/'), state(p.two, 'weights/'));
      console.log(`small conv GAN after 4 steps: ‖w2 − w1‖/‖w1‖ = ${d.rel.toExponential(2)} (worst ${d.worst})`);
      expect(d.rel).toBeLessThan(1e-4);
      // Optimizer slots, running statistics and the data order as well.
      expect(relDiff(state(p.one), state(p.two)).rel).toBeLessThan(1e-4);
      expect(p.two.snapshot().meta.nodeStates).toEqual(p.one.snapshot().meta.nodeStates);
      expect(p.two.snapshot().meta.rng).toEqual(p.one.snapshot().meta.rng);
      // The replicas stay bitwise identical.
      const sums = await p.group.checksums();
      expect(new Set(sums).size).toBe(1);
      // The worker's tensor count is flat once the optimizer slots exist (after step 1).
      expect(tensors.slice(1)).toEqual(tensors.slice(1).map(() => tensors[1]));
    } finally {
      await p.close();
    }
  });

  it('spectral normalisation in D and G: every worker runs the same power iteration, so u and v stay identical (3 steps)', async () => {
    const doc = smallConvGan() as { networks: Record<string, { nodes: { id: string; params: Record<string, unknown> }[] }> };
    const sn: [string, string][] = [['disc', 'conv1'], ['disc', 'conv2'], ['disc', 'score'], ['gen', 'up1']];
    for (const [net, id] of sn) doc.networks[net]!.nodes.find((n) => n.id === id)!.params.spectralNorm = true;
    const fresh = await compile(doc, await setup(), { host: nodeHost });
    const start = state(fresh, 'weights/D/conv1/spectral');
    fresh.dispose();
    const { p, losses } = await trainBoth(doc, 3);
    try {
      expectLossesClose(losses, 1e-4);
      const vectors = (t: typeof p.one) => new Map([...state(t, 'weights/')].filter(([name]) => name.includes('/spectral')));
      const one = vectors(p.one);
      expect(one.size).toBe(2 * sn.length);
      // The vectors moved (three training forwards of D per step), and equally in both runs.
      expect(relDiff(start, state(p.one, 'weights/D/conv1/spectral')).rel).toBeGreaterThan(1e-3);
      const d = relDiff(one, vectors(p.two));
      console.log(`spectral norm, 2 workers vs 1 after 3 steps: ‖u2 − u1‖/‖u1‖ = ${d.rel.toExponential(2)} (worst ${d.worst})`);
      expect(d.rel).toBeLessThan(1e-4);
      expect(relDiff(state(p.one, 'weights/'), state(p.two, 'weights/')).rel).toBeLessThan(1e-4);
      // Without any communication for them, the replicas' vectors stay bitwise identical.
      expect(new Set(await p.group.checksums()).size).toBe(1);
    } finally {
      await p.close();
    }
  });

  it('the VAE template (reparameterisation noise, batch 16, 3 steps)', async () => {
    const { p, losses } = await trainBoth(template('vae-mnist.json'), 3, 16);
    try {
      expectLossesClose(losses, 1e-5);
      const d = relDiff(state(p.one, 'weights/'), state(p.two, 'weights/'));
      console.log(`VAE after 3 steps: ‖w2 − w1‖/‖w1‖ = ${d.rel.toExponential(2)} (worst ${d.worst})`);
      expect(d.rel).toBeLessThan(1e-5);
      expect(new Set(await p.group.checksums()).size).toBe(1);
    } finally {
      await p.close();
    }
  });

  // Weights after a few steps, one worker against two, for templates whose nodes had to learn
  // the split: batch norm (DCGAN), the penalty's ε and its second-order pass (WGAN-GP), target
  // labels over the whole batch (StarGAN), packs of consecutive rows (PacGAN).
  // The difference is measured against how far the two steps moved the weights, not against the
  // weights: Adam's first updates move a weight by about ±lr whatever its gradient's size, so a
  // near-zero gradient whose sign the summation order flips moves it by up to 2·lr, and both the
  // rounding and the movement grow with the learning rate. StarGAN needs a looser bound, measured
  // at 4.9e-3: most of its difference sits in G's first kernel, whose label channels are constant
  // maps that the instance norm after it cancels except at the padding border, so their gradients
  // are small and Adam turns their rounding into full ±lr steps, over 10 critic updates.
  it.each([
    ['the DCGAN template (batch norm in G and D)', () => template('dcgan-mnist.json'), 8, 1e-4],
    ['the WGAN-GP template (each worker keeps its rows of the full batch’s ε; second order through the critic)', () => template('wgan-gp-mnist.json'), 8, 1e-4],
    ['StarGAN (the whole batch’s labels permuted as one worker permutes them)', () => template('stargan-shapes.json'), 4, 1e-2],
    ['DCGAN with PacGAN packing in D (groups of 2; each worker packs its own rows)', () => packedDcgan(2), 8, 1e-4],
  ] as const)('%s, 2 steps', async (name, doc, batch, tolerance) => {
    const { p, losses, start } = await trainBoth(doc(), 2, batch);
    try {
      expectLossesClose(losses, 1e-4);
      const one = state(p.one, 'weights/');
      const two = state(p.two, 'weights/');
      const d = movedDiff(start, one, two);
      console.log(`${name}, after 2 steps: ‖w2 − w1‖/‖w1 − w0‖ = ${d.rel.toExponential(2)}; ‖w2 − w1‖/‖w1‖ = ${relDiff(one, two).rel.toExponential(2)}`);
      expect(d.rel).toBeLessThan(tolerance);
    } finally {
      await p.close();
    }
  });

  it('CycleGAN (image pools of 2 with batch 4, so the first step already swaps: every worker keeps the whole pool; 1 step)', async () => {
    // One step only: CycleGAN on flat-background shapes amplifies rounding like no other template
    // (instance norm over near-constant maps). One worker on wasm and on cpu already differ by
    // most of G's Adam moments after 3 steps, so later steps cannot tell a split error from it.
    const doc = structuredClone(template('cyclegan-shapes.json')) as any;
    for (const n of doc.nodes) if (n.type === 'i2i.imagePool') n.params.size = 2;
    const { p, losses } = await trainBoth(doc, 1, 4);
    try {
      expectLossesClose(losses, 1e-4);
      const d = relDiff(state(p.one), state(p.two));
      console.log(`CycleGAN after 1 step: ‖s2 − s1‖/‖s1‖ over weights, optimizer slots and pools = ${d.rel.toExponential(2)} (worst ${d.worst})`);
      expect(d.rel).toBeLessThan(1e-4);
      expect([...state(p.two).keys()].filter((k) => k.startsWith('state/pool_')).sort()).toEqual(['state/pool_a/images', 'state/pool_b/images']);
    } finally {
      await p.close();
    }
  });

  it('keeps every worker’s live tensor count flat with image pools and target labels gathered (CycleGAN and StarGAN, 4 steps)', async () => {
    const cyclegan = structuredClone(template('cyclegan-shapes.json')) as any;
    for (const n of cyclegan.nodes) if (n.type === 'i2i.imagePool') n.params.size = 2;
    for (const doc of [cyclegan, template('stargan-shapes.json')]) {
      const { p, tensors } = await trainBoth(doc, 4, 4);
      try {
        // Worker 1's count after each step: flat once the optimizer slots and the pools are filled (step 1).
        expect(tensors.slice(1)).toEqual(tensors.slice(1).map(() => tensors[1]));
        // Worker 0 (this thread) too: one more step leaves as many tensors as it found.
        const before = tf.memory().numTensors;
        await p.two.runStep();
        await p.group.settle();
        expect(tf.memory().numTensors).toBe(before);
        expect(new Set(await p.group.checksums()).size).toBe(1);
      } finally {
        await p.close();
      }
    }
  });

  it("gives batch norm's full-batch gradients (SGD with lr 1: each weight moves by minus its gradient)", async () => {
    const p = await pair(smallConvGan({ optimizer: 'sgd' }));
    try {
      const before = state(p.one, 'weights/');
      await p.one.runStep();
      await p.two.runStep();
      const grad = (after: Map<string, Float32Array>) =>
        new Map([...before].filter(([name]) => !name.includes('running')).map(([name, w]) => [name, w.map((v, i) => v - after.get(name)![i]!)]));
      const g1 = grad(state(p.one, 'weights/'));
      const g2 = grad(state(p.two, 'weights/'));
      // Both networks' batch norms and what lies before them (conv, dense) are covered.
      expect([...g1.keys()]).toEqual(expect.arrayContaining(['weights/D/bn/gamma', 'weights/D/conv1/kernel', 'weights/G/bn1/beta', 'weights/G/project/kernel']));
      for (const [name, g] of g1) {
        const d = relDiff(new Map([[name, g]]), new Map([[name, g2.get(name)!]]));
        expect(d.rel, name).toBeLessThan(1e-4);
      }
      console.log(`SGD gradients, 2 workers vs 1: ‖g2 − g1‖/‖g1‖ = ${relDiff(g1, g2).rel.toExponential(2)}`);
      // And the running statistics, updated from the full batch (unbiased variance of 8 rows).
      expect(relDiff(state(p.one, 'weights/D/bn/running'), state(p.two, 'weights/D/bn/running')).rel).toBeLessThan(1e-5);
    } finally {
      await p.close();
    }
  });
});
