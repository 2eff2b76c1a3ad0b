import * as tf from '@tensorflow/tfjs-core';
import { compile, decodeCheckpoint, encodeCheckpoint, nullHost, type Trainer } from '@ganvas/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { standInGraph, standInRegistry } from './test-graph.js';
import { useCpu } from './test-util.js';

// lrDecay through the real compiler and Trainer: the factor follows the run's training step
// (not the optimizer's own update count), and a resumed run decays exactly as an uninterrupted one.

beforeAll(useCpu);

// N0: Adam, 3 updates per step, full lr through step 2, 0 from step 5. Counted in its own
// updates, the factor would reach 0 at update 5, inside step 2.
// N1: SGD, 1 update per step, halving from step 1 to step 3.
const doc = standInGraph([
  { type: 'optim.adam', params: { lr: 0.05, lrDecay: { from: 2, to: 5 } }, repeat: 3 },
  { type: 'optim.sgd', params: { lr: 0.1, lrDecay: { from: 1, to: 3, final: 0.5 } }, repeat: 1 },
]);

const open: Trainer[] = [];
afterEach(() => open.splice(0).forEach((t) => t.dispose()));
async function trainer(): Promise<Trainer> {
  const t = await compile(doc, standInRegistry(), { host: nullHost });
  open.push(t);
  return t;
}

/** Every tensor of a snapshot (weights and optimizer slots), by name, as plain arrays. */
function tensorsOf(t: Trainer, prefix = ''): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [name, c] of Object.entries(t.snapshot().tensors)) if (name.startsWith(prefix)) out[name] = Array.from(c.values);
  return out;
}

describe('lrDecay in training', () => {
  it('decays on the training step: under repeat 3 the weights move through step 4 and stop from step 5 (final 0)', async () => {
    const t = await trainer();
    const after: Record<string, number[]>[] = [tensorsOf(t, 'weights/N0/')];
    for (let s = 1; s <= 7; s++) {
      await t.runStep();
      after.push(tensorsOf(t, 'weights/N0/'));
    }
    for (let s = 1; s <= 4; s++) expect(after[s], `step ${s} moves N0`).not.toEqual(after[s - 1]);
    for (let s = 5; s <= 7; s++) expect(after[s], `step ${s} leaves N0 alone`).toEqual(after[4]);
    // Adam kept counting its own updates (3 per step) for its bias corrections.
    expect(t.snapshot().meta.nodeStates['optimizer/opt0']).toMatchObject({ step: 21 });
  });

  it('resumes across the decay window exactly: 3 steps, checkpoint, fresh trainer, 4 more = 7 uninterrupted', async () => {
    const whole = await trainer();
    for (let s = 0; s < 7; s++) await whole.runStep();

    const first = await trainer();
    for (let s = 0; s < 3; s++) await first.runStep();
    const encoded = encodeCheckpoint(first.snapshot());
    const resumed = await trainer();
    resumed.restore(decodeCheckpoint(encoded.json, encoded.binary));
    for (let s = 0; s < 4; s++) await resumed.runStep();

    expect(resumed.step).toBe(7);
    const expected = tensorsOf(whole);
    expect(Object.keys(expected).filter((k) => k.startsWith('optimizer/'))).not.toHaveLength(0);
    expect(tensorsOf(resumed)).toEqual(expected);
  });

  it('keeps the live tensor count flat over steps inside and after the window', async () => {
    const t = await trainer();
    await t.runStep();
    const before = tf.memory().numTensors;
    for (let s = 2; s <= 7; s++) {
      await t.runStep();
      expect(tf.memory().numTensors, `after step ${s}`).toBe(before);
    }
  });
});
