// Test helpers (excluded from the build): CPU backend, seeded inputs, and the PyTorch reference.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Rng, buildTestNode, checkGradients } from '@ganvas/core';
import { beforeAll, expect, it } from 'vitest';

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
}

/** Seeded float32 values: uniform in [lo, hi). */
export function uniformData(rng: Rng, n: number, lo: number, hi: number): number[] {
  return Array.from({ length: n }, () => Math.fround(lo + (hi - lo) * rng.uniform()));
}

export interface RefInput {
  shape: number[];
  data: number[];
}

export interface RefCase {
  name: string;
  kind: string;
  params?: Record<string, unknown>;
  inputs: Record<string, RefInput>;
}

export interface RefResult {
  value: number;
  grads: Record<string, number[] | null>;
}

const SCRIPT = fileURLToPath(new URL('../test-ref/losses_ref.py', import.meta.url));

/** Run the PyTorch reference (float64) on all cases in one process. */
export function torchReference(cases: RefCase[]): Record<string, RefResult> {
  const res = spawnSync('/usr/bin/python3', [SCRIPT], { input: JSON.stringify({ cases }), encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`torch reference failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as Record<string, RefResult>;
}

/**
 * Relative error |a − b| / max(|b|, floor): the floor keeps entries that are nearly zero
 * (where float32 rounding dominates) from reporting meaningless huge ratios.
 */
export function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-4): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), floor));
  }
  return worst;
}

type LossDef = Parameters<typeof buildTestNode>[0];
export type LossFn = (inputs: Record<string, tf.Tensor>) => tf.Scalar;

/** Build a loss node and return its forward as a function of named tensors. */
export async function buildLoss(def: LossDef, params: Record<string, unknown> = {}): Promise<LossFn> {
  const node = await buildTestNode(def, { params });
  return (inputs) => node.forward(inputs)['loss'] as tf.Scalar;
}

/** Value and input gradients of a loss on float32 inputs, as plain numbers. */
export function valueAndGrads(f: LossFn, inputs: Record<string, RefInput>): RefResult {
  const names = Object.keys(inputs);
  return tf.tidy(() => {
    const xs = names.map((n) => tf.tensor(inputs[n]!.data, inputs[n]!.shape));
    const asRecord = (ts: tf.Tensor[]) => Object.fromEntries(names.map((n, i) => [n, ts[i]!]));
    const { value, grads } = tf.valueAndGrads((...ts: tf.Tensor[]) => f(asRecord(ts)))(xs);
    return {
      value: value.dataSync()[0]!,
      grads: Object.fromEntries(names.map((n, i) => [n, Array.from(grads[i]!.dataSync())])),
    };
  });
}

/** Numeric-vs-analytic gradient check with respect to every input. */
export function gradCheck(f: LossFn, inputs: Record<string, RefInput>, eps = 1e-2): number {
  const names = Object.keys(inputs);
  const xs = names.map((n) => tf.tensor(inputs[n]!.data, inputs[n]!.shape));
  const result = checkGradients((ts) => f(Object.fromEntries(names.map((n, i) => [n, ts[i]!]))), xs, {
    eps,
    samplesPerInput: 24,
  });
  xs.forEach((x) => x.dispose());
  return result.maxRelError;
}

/** Compare a loss with the PyTorch reference (value and every input gradient); returns the worst relative error. */
export function errorVsTorch(mine: RefResult, ref: RefResult): { value: number; grads: number } {
  let grads = 0;
  for (const [port, g] of Object.entries(mine.grads)) {
    const r = ref.grads[port];
    if (r === null || r === undefined) throw new Error(`torch gave no gradient for ${port}`);
    grads = Math.max(grads, maxRelError(g!, r));
  }
  return { value: maxRelError([mine.value], [ref.value]), grads };
}

/** Print a measured error so the run log doubles as a report. */
export function report(what: string, err: number): void {
  console.info(`[measure] ${what}: ${err.toExponential(2)}`);
}

/**
 * The two checks every loss gets, as vitest cases inside the caller's `describe`: value and
 * input gradients against PyTorch on identical inputs (1e-5 relative), and analytic against
 * central finite-difference gradients (1e-2 relative, step `eps`), for each case.
 */
export function lossMathCases(label: string, def: LossDef, cases: RefCase[], eps = 1e-2): void {
  let ref: Record<string, RefResult>;
  beforeAll(async () => {
    await useCpu();
    ref = torchReference(cases);
  });
  for (const c of cases) {
    const ports = Object.keys(c.inputs).join(' and ');
    it(`${c.name}: value and gradients w.r.t. ${ports} match PyTorch`, async () => {
      const err = errorVsTorch(valueAndGrads(await buildLoss(def, c.params), c.inputs), ref[c.name]!);
      report(`${label} ${c.name} value rel err vs torch`, err.value);
      report(`${label} ${c.name} grad rel err vs torch`, err.grads);
      expect(err.value).toBeLessThan(1e-5);
      expect(err.grads).toBeLessThan(1e-5);
    });
    it(`${c.name}: gradient check w.r.t. ${ports}`, async () => {
      const err = gradCheck(await buildLoss(def, c.params), c.inputs, eps);
      report(`${label} ${c.name} grad check`, err);
      expect(err).toBeLessThan(1e-2);
    });
  }
}
