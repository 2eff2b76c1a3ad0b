import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, decodeCheckpoint, encodeCheckpoint, nullHost } from '@ganvas/core';
import type { Trainer } from '@ganvas/core';
import { useCpu } from './test-helpers.js';
import { chainGraph, testRegistry } from './test-trainer.js';

// u and v are weights (non-trainable), so checkpoints carry them and a resumed run continues
// the power iteration where it stopped — through the real Trainer and the encoded form.

beforeAll(useCpu);

const graph = () =>
  chainGraph(
    [
      { id: 'd1', type: 'layers.dense', params: { units: 6, spectralNorm: true } },
      { id: 'act', type: 'layers.tanh' },
      { id: 'd2', type: 'layers.dense', params: { units: 3, spectralNorm: true, powerIterations: 2 } },
    ],
    5,
  );

const U = ['weights/N/d1/spectralU', 'weights/N/d1/spectralV', 'weights/N/d2/spectralU', 'weights/N/d2/spectralV'];

function vectors(t: Trainer): number[][] {
  const tensors = t.snapshot().tensors;
  return U.map((name) => Array.from(tensors[name]!.values));
}

async function losses(t: Trainer, steps: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < steps; i++) out.push((await t.runStep()).losses.N!);
  return out;
}

describe('spectral normalisation state in checkpoints', () => {
  it('saves u and v, restores them, and a resumed run continues exactly', async () => {
    const whole = await compile(graph(), testRegistry(), { host: nullHost });
    const start = vectors(whole);
    const all = await losses(whole, 6);
    whole.dispose();

    const first = await compile(graph(), testRegistry(), { host: nullHost });
    await losses(first, 3);
    const trained = vectors(first);
    // Training moved them, so restoring them is not a no-op.
    trained.forEach((v, i) => expect(v).not.toEqual(start[i]));
    const enc = encodeCheckpoint(first.snapshot());
    first.dispose();

    const second = await compile(graph(), testRegistry(), { host: nullHost });
    second.restore(decodeCheckpoint(enc.json, enc.binary));
    expect(vectors(second)).toEqual(trained);
    expect(await losses(second, 3)).toEqual(all.slice(3));
    second.dispose();
  });

  it('keeps the live tensor count flat over training steps', async () => {
    const t = await compile(graph(), testRegistry(), { host: nullHost });
    await t.runStep();
    const before = tf.memory().numTensors;
    await losses(t, 5);
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });
});
