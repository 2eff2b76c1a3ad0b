import { Rng } from '@ganvas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { l1 } from './l1.js';
import {
  buildLoss,
  errorVsTorch,
  gradCheck,
  report,
  torchReference,
  uniformData,
  useCpu,
  valueAndGrads,
  type RefCase,
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
  let ref: ReturnType<typeof torchReference>;
  beforeAll(async () => {
    await useCpu();
    ref = torchReference(cases);
  });

  for (const c of cases) {
    it(`${c.name}: value and gradients match PyTorch`, async () => {
      const err = errorVsTorch(valueAndGrads(await buildLoss(l1, c.params), c.inputs), ref[c.name]!);
      report(`l1 ${c.name} value rel err vs torch`, err.value);
      report(`l1 ${c.name} grad rel err vs torch`, err.grads);
      expect(err.value).toBeLessThan(1e-5);
      expect(err.grads).toBeLessThan(1e-5);
    });

    it(`${c.name}: gradient check w.r.t. prediction and target`, async () => {
      const err = gradCheck(await buildLoss(l1, c.params), c.inputs, 1e-2);
      report(`l1 ${c.name} grad check`, err);
      expect(err).toBeLessThan(1e-2);
    });
  }

  it('has zero gradient where prediction equals target, as PyTorch', async () => {
    const same = { shape: [1, 3], data: [0.5, -1, 2] };
    const r = valueAndGrads(await buildLoss(l1), { prediction: same, target: same });
    expect(r.value).toBe(0);
    for (const g of Object.values(r.grads)) expect(g!.map(Math.abs)).toEqual([0, 0, 0]);
  });
});
