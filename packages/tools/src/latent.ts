import type { SampleBatch } from '@ganvas/core';
import { drawLatents, generate, type Generator, type Images } from './find-generator.js';

/**
 * Latent-space tools on a generator found by `findGenerator`: interpolation strips, vector
 * arithmetic on averaged latents (Radford et al.'s "smiling woman − neutral woman + neutral
 * man"), and class-conditional grids. They return images; `asSampleBatch` + core's
 * `sampleGrid` turn them into one picture.
 */

export type InterpolationMode = 'linear' | 'slerp';

/** Linear interpolation (1 − t)·a + t·b. */
export function lerp(a: Float32Array, b: Float32Array, t: number): Float32Array {
  sameLength(a, b);
  return a.map((v, i) => (1 - t) * v + t * b[i]!);
}

/**
 * Spherical interpolation (Shoemake; White 2016 for GAN latents): moves along the great
 * circle between the directions of a and b, so intermediate points keep the norm a Gaussian
 * latent typically has (a straight line passes near the origin, where N(0, I) puts little
 * mass in high dimensions). Falls back to lerp when a and b are (anti)parallel.
 */
export function slerp(a: Float32Array, b: Float32Array, t: number): Float32Array {
  sameLength(a, b);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  const cos = Math.min(1, Math.max(-1, dot / Math.sqrt(na * nb)));
  const omega = Math.acos(cos);
  const s = Math.sin(omega);
  if (!(s > 1e-6)) return lerp(a, b, t);
  const wa = Math.sin((1 - t) * omega) / s;
  const wb = Math.sin(t * omega) / s;
  return a.map((v, i) => wa * v + wb * b[i]!);
}

/** `steps` latents from a to b inclusive (steps ≥ 2), evenly spaced in t. */
export function interpolateLatents(a: Float32Array, b: Float32Array, steps: number, mode: InterpolationMode = 'linear'): Float32Array[] {
  if (!Number.isInteger(steps) || steps < 2) throw new Error(`interpolation needs at least 2 steps, got ${steps}`);
  const f = mode === 'slerp' ? slerp : lerp;
  return Array.from({ length: steps }, (_, i) => f(a, b, i / (steps - 1)));
}

/** Latent `index` of the grid drawn with `seed` (`drawLatents(gen, n, seed)` row `index`, for any n > index). */
export function latentAt(gen: Generator, seed: number, index: number): Float32Array {
  const all = drawLatents(gen, index + 1, seed);
  return all.slice(index * gen.latent.size);
}

export interface InterpolationOptions {
  /** Endpoints: explicit latents, or latents drawn from seeds (`latentAt(gen, seed, 0)`). */
  a: Float32Array | { seed: number; index?: number };
  b: Float32Array | { seed: number; index?: number };
  steps?: number;
  mode?: InterpolationMode;
  /** Class of every image, for conditional generators (default 0). */
  label?: number;
}

/** A strip of `steps` images from G(a) to G(b). */
export function interpolate(gen: Generator, options: InterpolationOptions): Images & { latents: Float32Array[] } {
  const resolve = (p: InterpolationOptions['a']) => (p instanceof Float32Array ? p : latentAt(gen, p.seed, p.index ?? 0));
  const latents = interpolateLatents(resolve(options.a), resolve(options.b), options.steps ?? 10, options.mode ?? 'linear');
  const labels = gen.label ? latents.map(() => options.label ?? 0) : undefined;
  return { ...generate(gen, concat(latents), labels), latents };
}

/** One term of a latent sum: `weight` × the mean of the grid latents at `indices`. */
export interface LatentTerm {
  weight: number;
  indices: number[];
  /** Shown in layouts and errors, e.g. "A". */
  name?: string;
}

export interface ArithmeticOptions {
  /** Seed of the grid the indices point into (the grid `ganvas latent grid --seed` shows). */
  seed: number;
  /** Size of that grid; every index must be below it. */
  gridSize: number;
  /** The sum, e.g. A − B + C = [{weight: 1, indices: A}, {weight: −1, indices: B}, {weight: 1, indices: C}]. */
  terms: LatentTerm[];
  /** Extra results with noise of this std added to the result latent (0 = none). */
  variations?: number;
  noiseStd?: number;
  label?: number;
}

export interface ArithmeticResult extends Images {
  /** Tiles per row; images are laid out row by row, blank tiles filled with the range's low value. */
  columns: number;
  /** What each row shows. */
  rows: string[];
  /** The result latent Σ weight·mean(term). */
  result: Float32Array;
}

/**
 * Vector arithmetic on averaged latents. Layout: one row per term — its members, then the
 * image of their mean latent — and a last row with the result and its noisy variations.
 * Averaging several latents per concept (Radford et al. use three) makes the arithmetic
 * stable: single latents carry too much unrelated detail.
 */
export function latentArithmetic(gen: Generator, options: ArithmeticOptions): ArithmeticResult {
  const size = gen.latent.size;
  if (options.terms.length === 0) throw new Error('latent arithmetic needs at least one term');
  const grid = drawLatents(gen, options.gridSize, options.seed);
  const result = new Float32Array(size);
  const means: Float32Array[] = [];
  options.terms.forEach((term, k) => {
    const name = term.name ?? `term ${k + 1}`;
    if (term.indices.length === 0) throw new Error(`${name}: no latent indices`);
    const mean = new Float32Array(size);
    for (const idx of term.indices) {
      if (!Number.isInteger(idx) || idx < 0 || idx >= options.gridSize) {
        throw new Error(`${name}: index ${idx} is not in the grid of ${options.gridSize} (0..${options.gridSize - 1})`);
      }
      for (let j = 0; j < size; j++) mean[j] = mean[j]! + grid[idx * size + j]! / term.indices.length;
    }
    for (let j = 0; j < size; j++) result[j] = result[j]! + term.weight * mean[j]!;
    means.push(mean);
  });
  const variations = options.variations ?? 0;
  const noise = drawLatents(gen, Math.max(variations, 1), options.seed + 1);
  const std = options.noiseStd ?? 0.25;
  const resultRow = [result, ...Array.from({ length: variations }, (_, v) => result.map((x, j) => x + std * noise[v * size + j]!))];
  const columns = Math.max(resultRow.length, ...options.terms.map((t) => t.indices.length + 1));
  const tiles: (Float32Array | undefined)[] = [];
  const rows: string[] = [];
  options.terms.forEach((term, k) => {
    const row: (Float32Array | undefined)[] = term.indices.map((i) => grid.slice(i * size, (i + 1) * size));
    row.push(means[k]!);
    tiles.push(...pad(row, columns));
    const sign = term.weight < 0 ? '−' : '+';
    rows.push(`${sign}${Math.abs(term.weight) === 1 ? '' : Math.abs(term.weight)} ${term.name ?? `term ${k + 1}`}: latents ${term.indices.join(', ')}, then their mean`);
  });
  tiles.push(...pad(resultRow, columns));
  rows.push(variations ? `result, then ${variations} variations (noise std ${std})` : 'result');
  const present = tiles.filter((t): t is Float32Array => t !== undefined);
  const labels = gen.label ? present.map(() => options.label ?? 0) : undefined;
  const images = generate(gen, concat(present), labels);
  return { ...withBlanks(images, tiles.map((t) => t !== undefined)), columns, rows, result };
}

export interface ClassGridOptions {
  perClass?: number;
  seed?: number;
  /** Which classes, one row each (default: all). */
  classes?: number[];
}

/**
 * One row per class, `perClass` columns; column j uses the same latent in every row, so a
 * column shows one "style" drawn as each digit. Needs a conditional generator.
 */
export function classGrid(gen: Generator, options: ClassGridOptions = {}): Images & { labels: number[]; columns: number } {
  if (!gen.label) {
    throw new Error(
      `generator "${gen.network.name}" has no label input (an input of role "onehot" or "label"): class-conditional sampling needs a conditional generator such as the cGAN template's`,
    );
  }
  const perClass = options.perClass ?? 10;
  const classes = options.classes ?? Array.from({ length: gen.label.classes }, (_, i) => i);
  for (const c of classes) {
    if (!Number.isInteger(c) || c < 0 || c >= gen.label.classes) throw new Error(`class ${c} is not in 0..${gen.label.classes - 1}`);
  }
  const columnLatents = drawLatents(gen, perClass, options.seed ?? 0);
  const latents = new Float32Array(classes.length * columnLatents.length);
  const labels: number[] = [];
  classes.forEach((c, r) => {
    latents.set(columnLatents, r * columnLatents.length);
    for (let j = 0; j < perClass; j++) labels.push(c);
  });
  return { ...generate(gen, latents, labels), labels, columns: perClass };
}

/** Images as a core `SampleBatch`, for `sampleGrid`. */
export function asSampleBatch(images: Images, label: string, step = 0): SampleBatch {
  return { nodeId: label, label, step, ...images };
}

function withBlanks(images: Images, present: boolean[]): Images {
  const per = images.height * images.width * images.channels;
  const data = new Float32Array(present.length * per).fill(images.range[0]);
  let k = 0;
  present.forEach((p, i) => {
    if (!p) return;
    data.set(images.data.subarray(k * per, (k + 1) * per), i * per);
    k++;
  });
  return { ...images, n: present.length, data };
}

function pad<T>(row: T[], columns: number): (T | undefined)[] {
  return [...row, ...Array.from({ length: columns - row.length }, () => undefined)];
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function sameLength(a: Float32Array, b: Float32Array): void {
  if (a.length !== b.length) throw new Error(`latents have different sizes (${a.length} vs ${b.length})`);
}
