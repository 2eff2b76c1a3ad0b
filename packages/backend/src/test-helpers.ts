import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from './select-backend.js';

/** Deterministic pseudo-random floats in [-1, 1) (mulberry32), identical on every backend. */
export function randomValues(size: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  }
  return out;
}

/** Runs `fn` on cpu and on wasm, returning the values of its outputs on each. */
export async function onBothBackends(
  fn: () => tf.Tensor | tf.Tensor[],
): Promise<{ cpu: Float32Array[]; wasm: Float32Array[] }> {
  const run = async (name: 'cpu' | 'wasm'): Promise<Float32Array[]> => {
    await selectBackend(name);
    const outs = tf.tidy(fn);
    const list = Array.isArray(outs) ? outs : [outs];
    const values = await Promise.all(list.map(async (t) => Float32Array.from(await t.data())));
    tf.dispose(list);
    return values;
  };
  return { cpu: await run('cpu'), wasm: await run('wasm') };
}

/** Largest absolute and relative differences between two arrays. */
export interface Diff {
  maxAbs: number;
  maxRel: number;
  /** Elements outside |a − b| ≤ abs + rel·|b|. */
  violations: number;
}

/** Compares `actual` against `expected` with tolerance abs + rel·|expected|. */
export function compare(actual: Float32Array, expected: Float32Array, rel = 1e-4, abs = 1e-5): Diff {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ ${expected.length}`);
  let maxAbs = 0;
  let maxRel = 0;
  let violations = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] ?? NaN;
    const e = expected[i] ?? NaN;
    const d = Math.abs(a - e);
    if (!(d <= abs + rel * Math.abs(e))) violations++;
    maxAbs = Math.max(maxAbs, d);
    if (Math.abs(e) > 1e-3) maxRel = Math.max(maxRel, d / Math.abs(e));
  }
  return { maxAbs, maxRel, violations };
}
