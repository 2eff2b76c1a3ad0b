import { compile, type Trainer } from '@ganvas/core';
import { nodeHost } from '@ganvas/host-node';
import { beforeAll, expect, it } from 'vitest';
import { relDiff, setup, smallConvGan, startTwo, state } from './helpers.js';

// An optimizer's lrDecay follows the run's training step, which every replica must agree on:
// the worker started from a checkpoint takes the step from it, and each step is run by all.

beforeAll(setup);

// lr full at step 1, half at step 2, zero from step 3 on: trainable weights stop moving after
// step 2 (batch norm's running statistics go on moving: they are not the optimizer's).
const doc = smallConvGan() as { nodes: { id: string; params: Record<string, unknown> }[] };
for (const id of ['opt_d', 'opt_g']) doc.nodes.find((n) => n.id === id)!.params.lrDecay = { from: 1, to: 3 };

/** The values of the trainable weights (those the optimizers update), by variable name. */
function trainable(t: Trainer): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const v of t.phases.flatMap((p) => p.variables)) out.set(v.name, v.dataSync() as Float32Array);
  return out;
}

it('two workers resumed from a one-worker checkpoint decay as one uninterrupted worker (Adam, steps 2–4)', async () => {
  const reg = await setup();
  const reference = await compile(doc, reg, { host: nodeHost });
  await reference.runStep();
  const atOne = reference.snapshot();
  await reference.runStep();
  const atTwo = trainable(reference);
  await reference.runStep();
  await reference.runStep();
  // The decay is in force: steps 3 and 4 (factor 0) left the trainable weights as step 2 did.
  expect(relDiff(atTwo, trainable(reference)).rel).toBe(0);

  const two = await startTwo(doc, { checkpoint: atOne });
  const trainer = two.trainer;
  try {
    const moved: number[] = [];
    for (let s = 2; s <= 4; s++) {
      const before = trainable(trainer);
      await trainer.runStep();
      moved.push(relDiff(before, trainable(trainer)).rel);
    }
    expect(moved[0]).toBeGreaterThan(1e-4);
    expect(moved.slice(1)).toEqual([0, 0]);
    const d = relDiff(state(reference), state(trainer));
    console.log(`lrDecay, 2 workers from a step-1 checkpoint vs 1 worker after 4 steps: ‖Δ‖/‖w‖ = ${d.rel.toExponential(2)} (worst ${d.worst})`);
    expect(d.rel).toBeLessThan(1e-4);
    // Both replicas applied the same factors: they are still bitwise identical.
    expect(new Set(await two.group.checksums()).size).toBe(1);
  } finally {
    await two.group.close();
    trainer.dispose();
    reference.dispose();
  }
});
