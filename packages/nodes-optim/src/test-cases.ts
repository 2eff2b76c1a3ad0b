// Shared by the optimizer tests (excluded from the build): run our optimizer and torch's on the
// same problem and compare, and check that state survives a getState/setState round trip.
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import type { NodeState, OptimizerImpl } from '@ganvas/core';
import {
  instantiate,
  maxRelError,
  problem,
  report,
  stepOf,
  torchTrajectories,
  trajectory,
  type TorchCase,
} from './test-util.js';

/** What a checkpoint keeps of a state: JSON text and tensor values by name. */
function toCheckpoint(state: NodeState) {
  const tensors = Object.fromEntries(
    Object.entries(state.tensors ?? {}).map(([k, t]) => [k, { shape: [...t.shape], values: Array.from(t.dataSync()) }]),
  );
  return { json: JSON.stringify(state.json), tensors };
}

export interface OptimCase {
  name: string;
  params: Record<string, unknown>;
  /**
   * Updates per training step (as a schedule's repeat makes). Set for the lrDecay cases: their
   * updates get the training step as the trainer passes it; the other cases call apply
   * without one, as callers did before lrDecay.
   */
  updatesPerStep?: number;
}

/** The training step to pass to the `update`-th update of a case (see OptimCase.updatesPerStep). */
function contextOf(c: OptimCase, update: number) {
  return c.updatesPerStep === undefined ? undefined : stepOf(update, c.updatesPerStep);
}

/** Declare the trajectory, round-trip and memory tests of one optimizer. */
export function optimizerSuite<P>(
  kind: TorchCase['optimizer'],
  schema: { parse(x: unknown): P },
  make: (params: P, owner: string) => OptimizerImpl,
  cases: OptimCase[],
): void {
  const p = problem();
  const steps = 10;
  let ref: Record<string, number[][][]> | undefined;
  const torch = () =>
    (ref ??= torchTrajectories(
      cases.map((c) => ({
        name: c.name,
        optimizer: kind,
        params: schema.parse(c.params) as Record<string, unknown>,
        steps,
        ...(c.updatesPerStep !== undefined ? { updatesPerStep: c.updatesPerStep } : {}),
      })),
      p,
    ));

  for (const c of cases) {
    it(`${c.name}: ${steps}-step trajectory matches torch.optim`, () => {
      const opt = make(schema.parse(c.params), 'test');
      const mine = trajectory(opt, p, steps, c.updatesPerStep);
      opt.dispose();
      const err = maxRelError(mine, torch()[c.name]!);
      report(`${kind} ${c.name} trajectory rel err vs torch`, err);
      // The problem must actually move the parameters, or the comparison proves nothing.
      expect(maxRelError([mine[steps - 1]!], [[p.W.data, p.b.data]])).toBeGreaterThan(1e-3);
      expect(err).toBeLessThan(1e-5);
      if (c.params.lrDecay !== undefined) {
        // The decay window lies inside the trajectory and changes it (else nothing was tested).
        const { lrDecay: _, ...constant } = c.params;
        const plain = make(schema.parse(constant), 'test');
        const undecayed = trajectory(plain, p, steps);
        plain.dispose();
        expect(maxRelError(mine, undecayed)).toBeGreaterThan(1e-3);
      }
    });

    it(`${c.name}: getState/setState continues the trajectory exactly`, () => {
      const original = make(schema.parse(c.params), 'test');
      const run = instantiate(p);
      for (let i = 0; i < 4; i++) run.step(original, contextOf(c, i));
      // Through a checkpoint-like copy (plain arrays and JSON text), as the trainer does.
      const saved = toCheckpoint(original.getState());
      const tensors = Object.fromEntries(
        Object.entries(saved.tensors).map(([k, t]) => [k, tf.tensor(t.values, t.shape)]),
      );
      const restored = make(schema.parse(c.params), 'test');
      restored.setState({ json: JSON.parse(saved.json) as unknown, tensors });
      Object.values(tensors).forEach((t) => t.dispose());

      const fork = instantiate({ ...p });
      fork.vars.forEach((v, i) => v.assign(run.vars[i]!));
      for (let i = 4; i < 10; i++) {
        run.step(original, contextOf(c, i));
        fork.step(restored, contextOf(c, i));
        expect(fork.snapshot()).toEqual(run.snapshot());
      }
      // Both now hold the same state.
      expect(toCheckpoint(restored.getState())).toEqual(toCheckpoint(original.getState()));
      [original, restored].forEach((o) => o.dispose());
      [run, fork].forEach((r) => r.dispose());
    });

    it(`${c.name}: no tensor leaks over 50 updates`, () => {
      const opt = make(schema.parse(c.params), 'test');
      const run = instantiate(p);
      // The first update creates the state slots; the trainer calls apply inside tf.tidy.
      tf.tidy(() => run.step(opt, contextOf(c, 0)));
      const before = tf.memory().numTensors;
      for (let i = 1; i <= 50; i++) {
        run.step(opt, contextOf(c, i));
        toCheckpoint(opt.getState());
      }
      expect(tf.memory().numTensors).toBe(before);
      opt.dispose();
      run.dispose();
    });
  }
}
