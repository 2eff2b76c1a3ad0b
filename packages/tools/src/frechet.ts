import { sqrtmPsd, symmetricEigen } from './eigen.js';

/**
 * The Fréchet distance between two Gaussians fitted to feature sets — FID when the features
 * come from a classifier's penultimate layer (Heusel et al. 2017):
 *
 *   d² = ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2 tr (Σ₁Σ₂)^{1/2}
 *
 * Σ₁Σ₂ is not symmetric, but it is similar to the symmetric PSD matrix S = Σ₁^{1/2} Σ₂ Σ₁^{1/2}
 * (S = Σ₁^{1/2}(Σ₁Σ₂)Σ₁^{-1/2} when Σ₁ is invertible, and by continuity otherwise), so both
 * have the same non-negative eigenvalues and tr (Σ₁Σ₂)^{1/2} = Σᵢ √λᵢ(S). Both square roots
 * therefore come from symmetric eigendecompositions (Jacobi, see eigen.ts), all in float64.
 * Covariances are unbiased (divided by n − 1), as numpy's `np.cov` and pytorch-fid use.
 */

export interface FeatureStats {
  /** Feature dimension. */
  dim: number;
  /** Samples the statistics were computed from. */
  count: number;
  mean: Float64Array;
  /** dim×dim row-major covariance. */
  cov: Float64Array;
}

/** Mean and unbiased covariance of `count` feature rows of length `dim` (row-major). */
export function featureStats(features: ArrayLike<number>, dim: number): FeatureStats {
  if (dim <= 0 || features.length % dim !== 0) {
    throw new Error(`featureStats: ${features.length} values are not rows of ${dim} features`);
  }
  const count = features.length / dim;
  if (count < 2) throw new Error(`featureStats: need at least 2 samples for a covariance, got ${count}`);
  const mean = new Float64Array(dim);
  for (let r = 0; r < count; r++) for (let j = 0; j < dim; j++) mean[j] = mean[j]! + features[r * dim + j]!;
  for (let j = 0; j < dim; j++) mean[j] = mean[j]! / count;
  const cov = new Float64Array(dim * dim);
  const row = new Float64Array(dim);
  for (let r = 0; r < count; r++) {
    for (let j = 0; j < dim; j++) row[j] = features[r * dim + j]! - mean[j]!;
    for (let i = 0; i < dim; i++) {
      const ri = row[i]!;
      if (ri === 0) continue;
      // Upper triangle only; mirrored below.
      for (let j = i; j < dim; j++) cov[i * dim + j] = cov[i * dim + j]! + ri * row[j]!;
    }
  }
  for (let i = 0; i < dim; i++) {
    for (let j = i; j < dim; j++) {
      const c = cov[i * dim + j]! / (count - 1);
      cov[i * dim + j] = c;
      cov[j * dim + i] = c;
    }
  }
  return { dim, count, mean, cov };
}

/** tr (Σ₁Σ₂)^{1/2} through the symmetric matrix Σ₁^{1/2} Σ₂ Σ₁^{1/2}. */
export function traceSqrtProduct(cov1: ArrayLike<number>, cov2: ArrayLike<number>, n: number): number {
  const r = sqrtmPsd(cov1, n);
  const s = multiply(multiply(r, cov2, n), r, n);
  const { values } = symmetricEigen(s, n);
  let sum = 0;
  for (const v of values) sum += Math.sqrt(Math.max(0, v));
  return sum;
}

/** Fréchet distance (squared, as FID is reported) between two fitted Gaussians. */
export function frechetFromStats(a: FeatureStats, b: FeatureStats): number {
  if (a.dim !== b.dim) throw new Error(`frechetDistance: feature sizes differ (${a.dim} vs ${b.dim})`);
  const n = a.dim;
  let meanTerm = 0;
  let traces = 0;
  for (let i = 0; i < n; i++) {
    const d = a.mean[i]! - b.mean[i]!;
    meanTerm += d * d;
    traces += a.cov[i * n + i]! + b.cov[i * n + i]!;
  }
  const d2 = meanTerm + traces - 2 * traceSqrtProduct(a.cov, b.cov, n);
  // Rounding can leave a tiny negative value for identical sets.
  return Math.max(0, d2);
}

/** Fréchet distance between two sets of feature rows (`dim` values per row). */
export function frechetDistance(a: ArrayLike<number>, b: ArrayLike<number>, dim: number): number {
  return frechetFromStats(featureStats(a, dim), featureStats(b, dim));
}

function multiply(x: ArrayLike<number>, y: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const xik = x[i * n + k]!;
      if (xik === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] = out[i * n + j]! + xik * y[k * n + j]!;
    }
  }
  return out;
}
