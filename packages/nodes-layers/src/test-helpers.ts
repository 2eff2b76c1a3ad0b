// Test-only helpers (excluded from the build by tsconfig.build.json's `src/**/test-*.ts`).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Rng, checkGradients } from '@ganvas/core';
import type { ForwardContext, GradCheckResult, TestNode } from '@ganvas/core';

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

const SCRIPT = fileURLToPath(new URL('../test-ref/torch_ref.py', import.meta.url));

/** Run PyTorch on the cases (see test-ref/torch_ref.py); one python process per call. */
export function torchRef(cases: Record<string, unknown>[]): Record<string, unknown>[] {
  const out = execFileSync('/usr/bin/python3', [SCRIPT], {
    input: JSON.stringify({ cases }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return (JSON.parse(out) as { results: Record<string, unknown>[] }).results;
}

/** Deterministic test values in [-scale·3, scale·3] (normals), shaped. */
export function randn(shape: number[], seed: number, scale = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(new Rng(seed).normals(n, 0, scale), shape);
}

function flat(v: unknown): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v as number];
}

/**
 * Max abs difference over the max abs reference value (relative error of the whole tensor);
 * when the reference is all near zero the absolute difference is returned instead.
 */
export function relError(actual: tf.Tensor, reference: unknown): number {
  const a = actual.dataSync();
  const r = flat(reference);
  if (a.length !== r.length) throw new Error(`size ${a.length} vs reference ${r.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - r[i]!));
    scale = Math.max(scale, Math.abs(r[i]!));
  }
  return scale < 1e-3 ? diff : diff / scale;
}

/** Values of a tensor as nested arrays, for JSON. */
export function arr(t: tf.Tensor): unknown {
  return t.arraySync();
}

/**
 * Gradient check of a built node w.r.t. its tensor inputs and the named weights, on the scalar
 * sum(y · R) for a fixed random R (a plain sum would hide errors, e.g. batch norm's gradient of
 * sum(y) is zero). Weights are varied by assigning the perturbed values to the variables;
 * their original values are restored afterwards.
 */
export function gradCheckNode(
  node: TestNode,
  inputs: Record<string, tf.Tensor>,
  weightNames: string[],
  options: { output?: string; ctx?: Partial<ForwardContext>; eps?: number } = {},
): GradCheckResult {
  const names = Object.keys(inputs);
  const vars = weightNames.map((n) => {
    const v = node.weights.get(n);
    if (!v) throw new Error(`no weight ${n}`);
    return v;
  });
  const originals = vars.map((v) => tf.keep(v.clone()));
  const port = options.output ?? 'y';
  const probe = (() => {
    const y = node.forward(inputs, options.ctx) as Record<string, tf.Tensor>;
    const r = randn(y[port]!.shape, 99);
    tf.dispose(Object.values(y));
    return r;
  })();
  const f = (xs: tf.Tensor[]): tf.Scalar => {
    vars.forEach((v, i) => {
      const given = xs[names.length + i]!;
      v.assign(given === v ? originals[i]! : given);
    });
    const ins = Object.fromEntries(names.map((n, i) => [n, xs[i]!]));
    const y = (node.forward(ins, options.ctx) as Record<string, tf.Tensor>)[port]!;
    return tf.sum(tf.mul(y, probe));
  };
  try {
    return checkGradients(f, [...names.map((n) => inputs[n]!), ...vars], { eps: options.eps ?? 1e-2, samplesPerInput: 16 });
  } finally {
    vars.forEach((v, i) => v.assign(originals[i]!));
    tf.dispose([...originals, probe]);
  }
}
