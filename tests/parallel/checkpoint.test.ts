import { compile, decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '@ganvas/core';
import { nodeHost } from '@ganvas/host-node';
import { beforeAll, expect, it } from 'vitest';
import { relDiff, setup, smallConvGan, startTwo, state } from './helpers.js';

// A data-parallel run's checkpoint is worker 0's, in the one-worker format, and resumes with
// one worker or with two: either way the run continues as an uninterrupted one-worker run.

beforeAll(setup);

const doc = smallConvGan();
const roundTrip = (c: Checkpoint) => {
  const e = encodeCheckpoint(c);
  return decodeCheckpoint(e.json, e.binary);
};

it('two workers → checkpoint → one worker, and one worker → checkpoint → two workers', async () => {
  const reg = await setup();
  const reference = await compile(doc, reg, { host: nodeHost });
  for (let i = 0; i < 2; i++) await reference.runStep();
  const atTwo = reference.snapshot();
  for (let i = 0; i < 2; i++) await reference.runStep();

  // Two workers for 2 steps, then one worker from their checkpoint.
  const first = await startTwo(doc);
  for (let i = 0; i < 2; i++) await first.trainer.runStep();
  const fromTwo = roundTrip(first.trainer.snapshot());
  await first.group.close();
  first.trainer.dispose();
  expect(Object.keys(fromTwo.tensors).sort()).toEqual(Object.keys(atTwo.tensors).sort());
  expect(fromTwo.meta.step).toBe(2);
  expect(fromTwo.meta.rng).toEqual(atTwo.meta.rng);
  expect(fromTwo.meta.nodeStates).toEqual(atTwo.meta.nodeStates);
  const single = await compile(doc, reg, { host: nodeHost });
  single.restore(fromTwo);
  for (let i = 0; i < 2; i++) await single.runStep();

  // One worker's checkpoint, continued on two workers.
  const second = await startTwo(doc, { checkpoint: roundTrip(atTwo) });
  for (let i = 0; i < 2; i++) await second.trainer.runStep();
  try {
    for (const resumed of [single, second.trainer]) {
      expect(resumed.step).toBe(4);
      expect(relDiff(state(reference), state(resumed)).rel).toBeLessThan(1e-4);
      expect(resumed.snapshot().meta.rng).toEqual(reference.snapshot().meta.rng);
    }
    expect(new Set(await second.group.checksums()).size).toBe(1);
  } finally {
    await second.group.close();
    second.trainer.dispose();
    single.dispose();
    reference.dispose();
  }
});
