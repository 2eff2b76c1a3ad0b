import { Rng } from '@ganvas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mse } from './mse.js';
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

const rng = new Rng(31);
const prediction = { shape: [4, 5], data: uniformData(rng, 20, -2, 2) };
const target = { shape: [4, 5], data: uniformData(rng, 20, -2, 2) };
const cases: RefCase[] = [
  { name: 'mean', kind: 'mse', params: { reduction: 'mean' }, inputs: { prediction, target } },
  { name: 'sumPerSample', kind: 'mse', params: { reduction: 'sumPerSample' }, inputs: { prediction, target } },
];

describe('loss.mse', () => {
  let ref: ReturnType<typeof torchReference>;
  beforeAll(async () => {
    await useCpu();
    ref = torchReference(cases);
  });

  for (const c of cases) {
    it(`${c.name}: value and gradients match PyTorch`, async () => {
      const err = errorVsTorch(valueAndGrads(await buildLoss(mse, c.params), c.inputs), ref[c.name]!);
      report(`mse ${c.name} value rel err vs torch`, err.value);
      report(`mse ${c.name} grad rel err vs torch`, err.grads);
      expect(err.value).toBeLessThan(1e-5);
      expect(err.grads).toBeLessThan(1e-5);
    });

    it(`${c.name}: gradient check w.r.t. prediction and target`, async () => {
      const err = gradCheck(await buildLoss(mse, c.params), c.inputs);
      report(`mse ${c.name} grad check`, err);
      expect(err).toBeLessThan(1e-2);
    });
  }

  it('infer: names both shapes when prediction and target differ', () => {
    const result = mse.infer!({
      nodeId: 'L',
      params: mse.params.parse({}),
      inputs: { prediction: { role: 'image', shape: ['B', 8, 8, 3] }, target: { role: 'image', shape: ['B', 8, 8, 1] } },
      bindings: new Map(),
      declaredOutputs: { loss: { role: 'loss', shape: [] } },
    });
    expect('errors' in result).toBe(true);
    expect(JSON.stringify(result)).toContain('[B, 8, 8, 3]');
    expect(JSON.stringify(result)).toContain('[B, 8, 8, 1]');
  });
});
