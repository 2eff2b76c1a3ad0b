import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Rng } from '@ganvas/core';
import { featureStats, frechetDistance, sqrtmPsd, symmetricEigen, traceSqrtProduct } from '@ganvas/tools';
import { describe, expect, it } from 'vitest';
import { PYTHON, requireTorch } from '../reference/python.js';

/**
 * The Fréchet distance and its Jacobi square root against numpy (float64) on small random
 * features. numpy takes a different route on purpose: tr (Σ₁Σ₂)^{1/2} from the eigenvalues of
 * the non-symmetric product Σ₁Σ₂ (LAPACK geev), not from our symmetric form.
 */

const NUMPY = String.raw`
import json, sys
import numpy as np
d = json.load(open(sys.argv[1]))
n, k = d["dim"], d["count"]
a = np.array(d["a"], dtype=np.float64).reshape(k, n)
b = np.array(d["b"], dtype=np.float64).reshape(d["countB"], n)
m = np.array(d["m"], dtype=np.float64).reshape(n, n)
ca, cb = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
ev = np.linalg.eigvals(ca @ cb)
tr = np.sum(np.sqrt(np.clip(ev.real, 0, None)))
fd = np.sum((a.mean(0) - b.mean(0)) ** 2) + np.trace(ca) + np.trace(cb) - 2 * tr
w, v = np.linalg.eigh(m)
sq = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
print(json.dumps({"fd": float(fd), "trace": float(tr), "covA": ca.ravel().tolist(), "eig": sorted(w.tolist()), "sqrtm": sq.ravel().tolist()}))
`;

function features(rng: Rng, count: number, dim: number, shift: number): Float64Array {
  // Correlated features: a random linear mix of normals, plus a mean shift.
  const mix = rng.normals(dim * dim, 0, 1 / Math.sqrt(dim));
  const out = new Float64Array(count * dim);
  for (let r = 0; r < count; r++) {
    const z = rng.normals(dim);
    for (let i = 0; i < dim; i++) {
      let v = shift;
      for (let j = 0; j < dim; j++) v += mix[i * dim + j]! * z[j]!;
      out[r * dim + i] = v;
    }
  }
  return out;
}

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
}

describe('Fréchet distance', () => {
  const dim = 12;
  const rng = new Rng(5);
  const a = features(rng, 200, dim, 0);
  const b = features(rng, 150, dim, 0.3);
  // A symmetric PSD matrix with a zero eigenvalue (rank dim − 1) for the square root.
  const g = rng.normals((dim - 1) * dim);
  const m = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) for (let k = 0; k < dim - 1; k++) m[i * dim + j]! += g[k * dim + i]! * g[k * dim + j]!;

  it('equals numpy (eigenvalues of Σ₁Σ₂ by LAPACK) to 1e-6 relative; covariance, eigenvalues and √M too', () => {
    requireTorch();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ganvas-fd-'));
    const file = path.join(dir, 'in.json');
    fs.writeFileSync(file, JSON.stringify({ dim, count: 200, countB: 150, a: [...a], b: [...b], m: [...m] }));
    const ref = JSON.parse(execFileSync(PYTHON, ['-c', NUMPY, file], { encoding: 'utf8' })) as {
      fd: number;
      trace: number;
      covA: number[];
      eig: number[];
      sqrtm: number[];
    };
    const sa = featureStats(a, dim);
    const sb = featureStats(b, dim);
    sa.cov.forEach((v, i) => expect(Math.abs(v - ref.covA[i]!)).toBeLessThan(1e-12));
    expect(relErr(traceSqrtProduct(sa.cov, sb.cov, dim), ref.trace)).toBeLessThan(1e-6);
    const fd = frechetDistance(a, b, dim);
    expect(fd).toBeGreaterThan(0.5); // the mean shift alone gives 12 × 0.09
    expect(relErr(fd, ref.fd)).toBeLessThan(1e-6);
    const eig = [...symmetricEigen(m, dim).values].sort((x, y) => x - y);
    eig.forEach((v, i) => expect(Math.abs(v - ref.eig[i]!)).toBeLessThan(1e-9 * Math.abs(ref.eig.at(-1)!)));
    const sq = sqrtmPsd(m, dim);
    sq.forEach((v, i) => expect(Math.abs(v - ref.sqrtm[i]!)).toBeLessThan(1e-6));
  });

  it('Jacobi eigenvectors are orthonormal and reconstruct the matrix', () => {
    const { values, vectors } = symmetricEigen(m, dim);
    for (let i = 0; i < dim; i++) {
      for (let j = 0; j < dim; j++) {
        let recon = 0;
        let gram = 0;
        for (let k = 0; k < dim; k++) {
          recon += vectors[i * dim + k]! * values[k]! * vectors[j * dim + k]!;
          gram += vectors[k * dim + i]! * vectors[k * dim + j]!;
        }
        expect(Math.abs(recon - m[i * dim + j]!)).toBeLessThan(1e-9);
        expect(Math.abs(gram - (i === j ? 1 : 0))).toBeLessThan(1e-12);
      }
    }
  });

  it('is ≈ 0 for a set with itself and grows with a mean shift', () => {
    expect(frechetDistance(a, a, dim)).toBeLessThan(1e-8);
    const shifted = a.map((v) => v + 1);
    // Same covariance, means 1 apart in each of 12 dims: d² = 12.
    expect(relErr(frechetDistance(a, shifted, dim), dim)).toBeLessThan(1e-8);
  });

  it('explains bad input', () => {
    expect(() => frechetDistance(new Float64Array(10), new Float64Array(12), 4)).toThrow(/10 values are not rows of 4 features/);
    expect(() => frechetDistance(new Float64Array(4), new Float64Array(8), 4)).toThrow(/at least 2 samples/);
  });
});
