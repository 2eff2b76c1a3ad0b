import { Rng } from '@ganvas/core';
import { describe, expect, it } from 'vitest';
import { l1 } from './l1.js';
import {
  buildLoss,
  uniformData,
  valueAndGrads,
  type RefCase,
  lossMathCases,
} from './test-util.js';

// Keep |prediction − target| ≥ 0.1 so finite differences never straddle the kink at 0.
const rng = new Rng(41);
const target = { shape: [2, 3, 3, 2], data: uniformData(rng, 36, -1, 1) };
const offsets = uniformData(rng, 36, 0.1, 1).map((d, i) => (i % 2 === 0 ? d : -d));
const prediction = { shape: target.shape, data: target.data.map((t, i) => Math.fround(t + offsets[i]!)) };
const cases: RefCase[] = [
  { name: 'mean', kind: 'l1', params: { reduction: 'mean' }, inputs: { prediction, target } },
  { name: 'sumPerSample', kind: 'l1', params: { reduction: 'sumPerSample' }, inputs: { prediction, target } },
];

describe('loss.l1', () => {
  lossMathCases('l1', l1, cases);

  it('has zero gradient where prediction equals target, as PyTorch', async () => {
    const same = { shape: [1, 3], data: [0.5, -1, 2] };
    const r = valueAndGrads(await buildLoss(l1), { prediction: same, target: same });
    expect(r.value).toBe(0);
    for (const g of Object.values(r.grads)) expect(g!.map(Math.abs)).toEqual([0, 0, 0]);
  });
});
