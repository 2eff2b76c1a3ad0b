// Test helpers (excluded from the build): CPU backend, a linear-regression problem, trajectories
// of our optimizers and of torch.optim on it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Rng } from '@ganvas/core';
import type { Network, OptimizerImpl, UpdateContext } from '@ganvas/core';

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
}

interface Spec {
  shape: number[];
  data: number[];
}

function normals(rng: Rng, shape: number[], std = 1): Spec {
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Array.from(rng.normals(n, 0, std)) };
}

/** A seeded regression problem: loss = mean((X·W + b − Y)²), W [3, 2], b [2]. */
export function problem(seed = 5) {
  const rng = new Rng(seed);
  return { X: normals(rng, [8, 3]), Y: normals(rng, [8, 2]), W: normals(rng, [3, 2], 0.5), b: normals(rng, [2], 0.5) };
}
export type Problem = ReturnType<typeof problem>;

/** Live variables and data tensors of a problem, and one gradient step with an optimizer (given the training step as the trainer would). */
export function instantiate(p: Problem) {
  const X = tf.tensor(p.X.data, p.X.shape);
  const Y = tf.tensor(p.Y.data, p.Y.shape);
  const vars = [tf.variable(tf.tensor(p.W.data, p.W.shape)), tf.variable(tf.tensor(p.b.data, p.b.shape))];
  const lossOf = (w: tf.Tensor, b: tf.Tensor) => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(X, w), b), Y))) as tf.Scalar;
  return {
    vars,
    step(opt: OptimizerImpl, context?: UpdateContext): void {
      const grads = tf.grads((w: tf.Tensor, b: tf.Tensor) => lossOf(w, b))(vars);
      opt.apply(vars, grads, context);
      grads.forEach((g) => g.dispose());
    },
    snapshot(): number[][] {
      return vars.map((v) => Array.from(v.dataSync()));
    },
    dispose(): void {
      [X, Y, ...vars].forEach((t) => t.dispose());
    },
  };
}

/**
 * The training step (1-based) of the `update`-th update (0-based) when every training step makes
 * `updatesPerStep` updates of this optimizer, as a schedule's `repeat` does.
 */
export function stepOf(update: number, updatesPerStep = 1): UpdateContext {
  return { step: Math.floor(update / updatesPerStep) + 1 };
}

/**
 * Our trajectory: [W, b] after each of `steps` updates. With `updatesPerStep`, each update gets
 * its training step as the trainer passes it; without, apply gets none (the pre-decay call).
 */
export function trajectory(opt: OptimizerImpl, p: Problem, steps: number, updatesPerStep?: number): number[][][] {
  const run = instantiate(p);
  const out: number[][][] = [];
  for (let i = 0; i < steps; i++) {
    run.step(opt, updatesPerStep === undefined ? undefined : stepOf(i, updatesPerStep));
    out.push(run.snapshot());
  }
  run.dispose();
  return out;
}

export interface TorchCase {
  name: string;
  optimizer: 'adam' | 'sgd' | 'rmsprop';
  /** Parsed params; an `lrDecay` in them becomes a LambdaLR on the torch side. */
  params: Record<string, unknown>;
  steps: number;
  /** Optimizer updates per training step (the LambdaLR steps once per training step); 1 if absent. */
  updatesPerStep?: number;
}

const SCRIPT = fileURLToPath(new URL('../test-ref/optim_ref.py', import.meta.url));

/** torch.optim trajectories (float64) for each case on problem `p`. */
export function torchTrajectories(cases: TorchCase[], p: Problem): Record<string, number[][][]> {
  const input = JSON.stringify({ cases: cases.map((c) => ({ ...c, ...p })) });
  const res = spawnSync('/usr/bin/python3', [SCRIPT], { input, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`torch reference failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as Record<string, number[][][]>;
}

/** Worst |a − b| / max(|b|, floor) over a whole trajectory. */
export function maxRelError(a: number[][][], b: number[][][], floor = 1e-3): number {
  let worst = 0;
  a.forEach((step, s) =>
    step.forEach((vals, v) =>
      vals.forEach((x, i) => {
        const r = b[s]![v]![i]!;
        worst = Math.max(worst, Math.abs(x - r) / Math.max(Math.abs(r), floor));
      }),
    ),
  );
  return worst;
}

export function report(what: string, err: number): void {
  console.info(`[measure] ${what}: ${err.toExponential(2)}`);
}

/** A stand-in network value for phase-modifier tests: just its variables. */
export function fakeNetwork(trainable: tf.Variable[], other: tf.Variable[] = [], name = 'net'): Network {
  return {
    kind: 'network',
    name,
    signature: { inputs: [], outputs: [] },
    apply: () => ({}),
    trainableVariables: () => trainable,
    variables: () => [...trainable, ...other],
  };
}
