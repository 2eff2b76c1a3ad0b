// Test-only helpers (excluded from the build).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Rng } from '@ganvas/core';

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

const SCRIPT = fileURLToPath(new URL('../test-ref/losses_ref.py', import.meta.url));

/** PyTorch loss values and input gradients for the cases (test-ref/losses_ref.py). */
export function torchLosses(cases: Record<string, unknown>[]): { loss: number; grad: unknown }[] {
  const out = execFileSync('/usr/bin/python3', [SCRIPT], { input: JSON.stringify({ cases }), encoding: 'utf8' });
  return (JSON.parse(out) as { results: { loss: number; grad: unknown }[] }).results;
}

export function randn(shape: number[], seed: number, scale = 1): tf.Tensor {
  return tf.tensor(new Rng(seed).normals(shape.reduce((a, b) => a * b, 1), 0, scale), shape);
}

function flat(v: unknown): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v as number];
}

/** Max |a − r| over max |r| (absolute when the reference is ~0). */
export function relError(actual: tf.Tensor | number, reference: unknown): number {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual.dataSync());
  const r = flat(reference);
  if (a.length !== r.length) throw new Error(`size ${a.length} vs reference ${r.length}`);
  let diff = 0;
  let scale = 0;
  a.forEach((v, i) => {
    diff = Math.max(diff, Math.abs(v - r[i]!));
    scale = Math.max(scale, Math.abs(r[i]!));
  });
  return scale < 1e-3 ? diff : diff / scale;
}
