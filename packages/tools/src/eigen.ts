/**
 * Symmetric eigendecomposition by the cyclic Jacobi method, in float64.
 *
 * Why Jacobi: it needs nothing but plain arrays (no LAPACK in a browser), it is simple to
 * check, and for the sizes we need (feature covariances of ~100–200 dimensions) a few sweeps
 * of O(n³) take well under a second. Each rotation zeroes one off-diagonal pair (p, q) of
 * A ← JᵀAJ, with the angle chosen as in Golub & Van Loan §8.5 (t = sign(θ)/(|θ|+√(θ²+1)),
 * θ = (a_qq − a_pp)/(2a_pq)), which keeps |angle| ≤ π/4 and converges quadratically once the
 * off-diagonal mass is small. V accumulates the rotations, so A₀ = V diag(λ) Vᵀ.
 */

export interface SymmetricEigen {
  /** Eigenvalues, in the order of V's columns (not sorted). */
  values: Float64Array;
  /** Eigenvectors as the columns of an n×n row-major matrix. */
  vectors: Float64Array;
  /** Jacobi sweeps that were needed. */
  sweeps: number;
}

/**
 * Eigenvalues and eigenvectors of the symmetric n×n matrix `a` (row-major; only symmetry is
 * assumed, it is not checked beyond the lower triangle being ignored). Stops when the
 * off-diagonal Frobenius norm falls below `tol` × the matrix's Frobenius norm.
 */
export function symmetricEigen(a: ArrayLike<number>, n: number, options: { tol?: number; maxSweeps?: number } = {}): SymmetricEigen {
  if (a.length !== n * n) throw new Error(`symmetricEigen: expected ${n}×${n} = ${n * n} values, got ${a.length}`);
  const tol = options.tol ?? 1e-15;
  const maxSweeps = options.maxSweeps ?? 100;
  // Work on a symmetrised copy (the upper triangle mirrored), so tiny asymmetries from
  // floating-point accumulation in the caller cannot bias the result.
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = a[i * n + j]!;
      m[i * n + j] = v;
      m[j * n + i] = v;
    }
  }
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let total = 0;
  for (let i = 0; i < n * n; i++) total += m[i]! * m[i]!;
  const limit = tol * tol * total;
  let sweeps = 0;
  for (; sweeps < maxSweeps; sweeps++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += 2 * m[p * n + q]! * m[p * n + q]!;
    if (off <= limit) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!;
        if (apq === 0) continue;
        const theta = (m[q * n + q]! - m[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotate(m, v, n, p, q, c, s);
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = m[i * n + i]!;
  return { values, vectors: v, sweeps };
}

/** A ← JᵀAJ and V ← VJ for the rotation J in the (p, q) plane. */
function rotate(m: Float64Array, v: Float64Array, n: number, p: number, q: number, c: number, s: number): void {
  // Columns p and q of A.
  for (let k = 0; k < n; k++) {
    const akp = m[k * n + p]!;
    const akq = m[k * n + q]!;
    m[k * n + p] = c * akp - s * akq;
    m[k * n + q] = s * akp + c * akq;
  }
  // Rows p and q of A.
  for (let k = 0; k < n; k++) {
    const apk = m[p * n + k]!;
    const aqk = m[q * n + k]!;
    m[p * n + k] = c * apk - s * aqk;
    m[q * n + k] = s * apk + c * aqk;
  }
  for (let k = 0; k < n; k++) {
    const vkp = v[k * n + p]!;
    const vkq = v[k * n + q]!;
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
}

/**
 * The principal square root of a symmetric positive semi-definite matrix: V diag(√λ) Vᵀ.
 * Eigenvalues that rounding made slightly negative are treated as 0 (a covariance of fewer
 * samples than dimensions, or with dead features, is only semi-definite).
 */
export function sqrtmPsd(a: ArrayLike<number>, n: number): Float64Array {
  const { values, vectors } = symmetricEigen(a, n);
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const r = Math.sqrt(Math.max(0, values[k]!));
    if (r === 0) continue;
    for (let i = 0; i < n; i++) {
      const vik = vectors[i * n + k]! * r;
      if (vik === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] = out[i * n + j]! + vik * vectors[j * n + k]!;
    }
  }
  return out;
}
