import { Rng } from '@ganvas/core';
import { describe, expect, it } from 'vitest';
import { ShuffleOrder, randomIndices } from './batch-order.js';

describe('ShuffleOrder', () => {
  it('covers every index exactly once per epoch, batches straddling epoch ends', () => {
    const n = 103;
    const order = new ShuffleOrder(n);
    const rng = new Rng(4);
    const drawn: number[] = [];
    while (drawn.length < 3 * n) drawn.push(...order.next(10, rng));
    for (let e = 0; e < 3; e++) {
      const epoch = drawn.slice(e * n, (e + 1) * n).sort((a, b) => a - b);
      expect(epoch).toEqual([...Array(n).keys()]);
    }
    // A new permutation each epoch.
    expect(drawn.slice(0, n)).not.toEqual(drawn.slice(n, 2 * n));
  });

  it('resumes from its state (after a JSON round trip) with the same indices', () => {
    const a = new ShuffleOrder(50);
    const rng = new Rng(8);
    a.next(37, rng);
    const saved = JSON.parse(JSON.stringify(a.getState()));
    const rngSaved = rng.getState();
    const expected = Array.from(a.next(40, rng));

    const b = new ShuffleOrder(50);
    b.setState(saved);
    const rng2 = new Rng(0);
    rng2.setState(rngSaved);
    expect(Array.from(b.next(40, rng2))).toEqual(expected);
  });

  it('starts fresh from a state saved before the first batch', () => {
    const a = new ShuffleOrder(20);
    const b = new ShuffleOrder(20);
    b.setState(a.getState());
    expect(Array.from(b.next(5, new Rng(1)))).toEqual(Array.from(a.next(5, new Rng(1))));
  });

  it('rejects broken states', () => {
    const order = new ShuffleOrder(10);
    expect(() => order.setState({ count: 10, seed: 1, epoch: 1, cursor: 11 })).toThrow(/past the end/);
    expect(() => order.setState({ count: 11, seed: 1, epoch: 1, cursor: 0 })).toThrow(/11 examples.*has 10/);
    expect(() => order.setState(null)).toThrow(/bad batch-order state/);
    expect(() => new ShuffleOrder(0)).toThrow(/empty split/);
  });
});

describe('randomIndices', () => {
  it('draws with replacement, in range, deterministically per rng', () => {
    const a = randomIndices(5, 200, new Rng(3));
    expect(a.every((i) => i >= 0 && i < 5)).toBe(true);
    expect(new Set(a).size).toBe(5);
    expect(Array.from(randomIndices(5, 200, new Rng(3)))).toEqual(Array.from(a));
  });
});
