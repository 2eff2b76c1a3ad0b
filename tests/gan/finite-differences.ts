import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@ganvas/core';

export interface FdResult {
  /**
   * Largest |analytic − numeric| / max(|analytic|, |numeric|, floor) over the smooth entries, where
   * floor is a tenth of the variable's largest analytic entry: float32 rounding of the loss puts
   * an absolute noise on every quotient, meaningless relative to the near-zero entries.
   */
  maxRelError: number;
  checked: number;
  /** Entries left out because a ReLU kink lies within the step (the two step sizes disagree). */
  kinks: number;
}

/**
 * Central finite differences of a scalar function of variables, entry by entry (a sample of
 * `perVariable` entries each), against analytic gradients. A ReLU critic's penalty is only
 * piecewise smooth in its weights: where a pre-activation sits within the step of zero, the
 * difference quotient jumps. Each entry is therefore differenced with two steps; entries where
 * they disagree straddle a kink and are counted, not compared.
 */
export function finiteDifferences(
  f: () => number,
  vars: tf.Variable[],
  analytic: Float32Array[],
  options: { eps?: number; perVariable?: number; seed?: number } = {},
): FdResult {
  const eps = options.eps ?? 1e-2;
  const per = options.perVariable ?? 16;
  const rng = new Rng(options.seed ?? 3);
  let maxRel = 0;
  let checked = 0;
  let kinks = 0;
  vars.forEach((v, i) => {
    const base = v.dataSync().slice();
    const floor = Math.max(1e-4, 0.1 * analytic[i]!.reduce((m, x) => Math.max(m, Math.abs(x)), 0));
    const picks = base.length <= per ? [...base.keys()] : Array.from({ length: per }, () => rng.int(base.length));
    const at = (j: number, d: number) => {
      const moved = base.slice();
      moved[j] = moved[j]! + d;
      tf.tidy(() => v.assign(tf.tensor(moved, v.shape)));
      return f();
    };
    for (const j of picks) {
      const central = (h: number) => (at(j, h) - at(j, -h)) / (2 * h);
      const wide = central(eps);
      const narrow = central(eps / 2);
      const a = analytic[i]![j]!;
      const scale = (x: number, y: number) => Math.max(floor, Math.abs(x), Math.abs(y));
      if (Math.abs(wide - narrow) / scale(wide, narrow) > 2e-2) {
        kinks++;
        continue;
      }
      maxRel = Math.max(maxRel, Math.abs(a - narrow) / scale(a, narrow));
      checked++;
    }
    tf.tidy(() => v.assign(tf.tensor(base, v.shape)));
  });
  return { maxRelError: maxRel, checked, kinks };
}
