import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type { ForwardContext, Network } from '@ganvas/core';
import { PYTHON } from '../reference/python.js';
import type { CriticSpec } from './critics.js';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'gradient_penalty_ref.py');

export interface PenaltyCase {
  name: string;
  critic: CriticSpec;
  weights: Map<string, tf.Tensor>;
  real: tf.Tensor;
  fake: tf.Tensor;
  epsilon: number[];
  lambda: number;
}

export interface PenaltyResult {
  value: number;
  /** null where the penalty does not depend on the weight. */
  grads: Record<string, number[] | null>;
}

const spec = (t: tf.Tensor) => ({ shape: t.shape, data: Array.from(t.dataSync()) });

/** The penalty and its critic-weight gradients from PyTorch (float64), one process for all cases. */
export function torchPenalty(cases: PenaltyCase[]): Record<string, PenaltyResult> {
  const input = {
    cases: cases.map((c) => ({
      name: c.name,
      layers: c.critic.layers,
      weights: Object.fromEntries([...c.weights].map(([n, w]) => [n, spec(w)])),
      real: spec(c.real),
      fake: spec(c.fake),
      epsilon: c.epsilon,
      lambda: c.lambda,
    })),
  };
  const out = execFileSync(PYTHON, [SCRIPT], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 16 << 20,
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  return JSON.parse(out) as Record<string, PenaltyResult>;
}

/** Wraps a critic to record the inputs it is applied to (the interpolates x̂). */
export function recordingCritic(net: Network, port: string): { net: Network; seen: Float32Array[] } {
  const seen: Float32Array[] = [];
  const wrapped: Network = {
    kind: 'network',
    name: net.name,
    signature: net.signature,
    apply(inputs: Record<string, tf.Tensor>, ctx: ForwardContext) {
      seen.push(inputs[port]!.dataSync().slice() as Float32Array);
      return net.apply(inputs, ctx);
    },
    trainableVariables: () => net.trainableVariables(),
    variables: () => net.variables(),
  };
  return { net: wrapped, seen };
}

/**
 * The per-sample ε with x̂ = fake + ε·(real − fake), by least squares over each sample, and the
 * largest residual of that fit (≈ 0 when x̂ really is such an interpolate).
 */
export function recoverEpsilon(xhat: Float32Array, real: tf.Tensor, fake: tf.Tensor): { epsilon: number[]; residual: number } {
  const r = real.dataSync();
  const f = fake.dataSync();
  const batch = real.shape[0]!;
  const per = r.length / batch;
  const epsilon: number[] = [];
  let residual = 0;
  for (let i = 0; i < batch; i++) {
    let num = 0;
    let den = 0;
    for (let j = i * per; j < (i + 1) * per; j++) {
      num += (xhat[j]! - f[j]!) * (r[j]! - f[j]!);
      den += (r[j]! - f[j]!) ** 2;
    }
    const e = num / den;
    epsilon.push(e);
    for (let j = i * per; j < (i + 1) * per; j++) residual = Math.max(residual, Math.abs(xhat[j]! - (f[j]! + e * (r[j]! - f[j]!))));
  }
  return { epsilon, residual };
}
