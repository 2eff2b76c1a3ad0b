// Shared by the optimizer tests (excluded from the build): run our optimizer and torch's on the
// same problem and compare, and check that state survives a getState/setState round trip.
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import type { OptimizerImpl } from '@ganvas/core';
import {
  instantiate,
  maxRelError,
  problem,
  report,
  torchTrajectories,
  trajectory,
  type TorchCase,
} from './test-util.js';

export interface OptimCase {
  name: string;
  params: Record<string, unknown>;
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
      cases.map((c) => ({ name: c.name, optimizer: kind, params: schema.parse(c.params) as Record<string, unknown>, steps })),
      p,
    ));

  for (const c of cases) {
    it(`${c.name}: ${steps}-step trajectory matches torch.optim`, () => {
      const opt = make(schema.parse(c.params), 'test');
      const mine = trajectory(opt, p, steps);
      opt.dispose();
      const err = maxRelError(mine, torch()[c.name]!);
      report(`${kind} ${c.name} trajectory rel err vs torch`, err);
      // The problem must actually move the parameters, or the comparison proves nothing.
      expect(maxRelError([mine[steps - 1]!], [[p.W.data, p.b.data]])).toBeGreaterThan(1e-3);
      expect(err).toBeLessThan(1e-5);
    });

    it(`${c.name}: getState/setState continues the trajectory exactly`, () => {
      const original = make(schema.parse(c.params), 'test');
      const run = instantiate(p);
      for (let i = 0; i < 4; i++) run.step(original);
      const state = original.getState();
      // Round-trip the JSON part through text, as a checkpoint does.
      const json = JSON.parse(JSON.stringify(state.json)) as unknown;
      const restored = make(schema.parse(c.params), 'test');
      restored.setState({ json, tensors: state.tensors ?? {} });
      Object.values(state.tensors ?? {}).forEach((t) => t.dispose());

      const fork = instantiate({ ...p });
      fork.vars.forEach((v, i) => v.assign(run.vars[i]!));
      for (let i = 0; i < 6; i++) {
        run.step(original);
        fork.step(restored);
        expect(fork.snapshot()).toEqual(run.snapshot());
      }
      // A second round trip gives back the same tensors.
      const a = original.getState();
      const b = restored.getState();
      expect(b.json).toEqual(a.json);
      expect(Object.keys(b.tensors ?? {}).sort()).toEqual(Object.keys(a.tensors ?? {}).sort());
      for (const [k, t] of Object.entries(a.tensors ?? {})) {
        expect(Array.from(b.tensors![k]!.dataSync())).toEqual(Array.from(t.dataSync()));
      }
      [a, b].forEach((s) => Object.values(s.tensors ?? {}).forEach((t) => t.dispose()));
      [original, restored].forEach((o) => o.dispose());
      [run, fork].forEach((r) => r.dispose());
    });

    it(`${c.name}: no tensor leaks over 50 updates`, () => {
      const opt = make(schema.parse(c.params), 'test');
      const run = instantiate(p);
      run.step(opt); // creates the state slots
      const before = tf.memory().numTensors;
      for (let i = 0; i < 50; i++) run.step(opt);
      expect(tf.memory().numTensors).toBe(before);
      opt.dispose();
      run.dispose();
    });
  }
}
