import type { Rng } from './rng.js';

/** Produces initial values for a weight of the given shape from the run's random stream. */
export type Initializer = (rng: Rng, shape: readonly number[]) => Float32Array;

function count(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export const zeros: Initializer = (_rng, shape) => new Float32Array(count(shape));

export const ones: Initializer = (_rng, shape) => new Float32Array(count(shape)).fill(1);

export function constant(value: number): Initializer {
  return (_rng, shape) => new Float32Array(count(shape)).fill(value);
}

export function normal(mean: number, std: number): Initializer {
  return (rng, shape) => rng.normals(count(shape), mean, std);
}

export function uniform(min: number, max: number): Initializer {
  return (rng, shape) => {
    const out = new Float32Array(count(shape));
    for (let i = 0; i < out.length; i++) out[i] = min + (max - min) * rng.uniform();
    return out;
  };
}

/** Glorot/Xavier uniform: U(±√(6/(fanIn+fanOut))). */
export function glorotUniform(fanIn: number, fanOut: number): Initializer {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return uniform(-limit, limit);
}

/** PyTorch's default for Linear and Conv weights and biases: U(±1/√fanIn). */
export function torchDefault(fanIn: number): Initializer {
  const bound = 1 / Math.sqrt(fanIn);
  return uniform(-bound, bound);
}
