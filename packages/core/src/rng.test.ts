import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

describe('Rng', () => {
  it('is deterministic and restorable mid-stream', () => {
    const a = new Rng(5);
    a.normal();
    a.uniform();
    const state = a.getState();
    const next = [a.normal(), a.uniform(), a.nextUint32()];
    const b = new Rng(0);
    b.setState(state);
    expect([b.normal(), b.uniform(), b.nextUint32()]).toEqual(next);
  });

  it('gives roughly standard normals and uniform permutations', () => {
    const r = new Rng(11);
    const xs = r.normals(20000);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const v = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(v - 1)).toBeLessThan(0.05);
    const p = Array.from(r.permutation(50)).sort((x, y) => x - y);
    expect(p).toEqual([...Array(50).keys()]);
  });
});
