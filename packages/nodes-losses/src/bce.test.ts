import { Rng } from '@ganvas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { bce } from './bce.js';
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

const rng = new Rng(21);
const logits = { shape: [3, 2, 2, 1], data: uniformData(rng, 12, -4, 4) };
const target = { shape: [3, 2, 2, 1], data: uniformData(rng, 12, 0, 1) };
const cases: RefCase[] = [
  { name: 'mean', kind: 'bce', params: { reduction: 'mean' }, inputs: { logits, target } },
  { name: 'sumPerSample', kind: 'bce', params: { reduction: 'sumPerSample' }, inputs: { logits, target } },
];

describe('loss.bce', () => {
  let ref: ReturnType<typeof torchReference>;
  beforeAll(async () => {
    await useCpu();
    ref = torchReference(cases);
  });

  for (const c of cases) {
    it(`${c.name}: value and gradients w.r.t. logits and target match PyTorch`, async () => {
      const f = await buildLoss(bce, c.params);
      const err = errorVsTorch(valueAndGrads(f, c.inputs), ref[c.name]!);
      report(`bce ${c.name} value rel err vs torch`, err.value);
      report(`bce ${c.name} grad rel err vs torch`, err.grads);
      expect(err.value).toBeLessThan(1e-5);
      expect(err.grads).toBeLessThan(1e-5);
    });

    it(`${c.name}: gradient check w.r.t. logits and target`, async () => {
      const err = gradCheck(await buildLoss(bce, c.params), c.inputs);
      report(`bce ${c.name} grad check`, err);
      expect(err).toBeLessThan(1e-2);
    });
  }

  it('is finite for logits of ±50', async () => {
    const f = await buildLoss(bce, { reduction: 'sumPerSample' });
    const r = valueAndGrads(f, {
      logits: { shape: [2, 2], data: [50, -50, -50, 50] },
      target: { shape: [2, 2], data: [1, 0, 1, 0] },
    });
    expect(r.value).toBeCloseTo(50, 4); // two wrong-by-50 terms over a batch of 2
    for (const g of Object.values(r.grads)) expect(g!.every(Number.isFinite)).toBe(true);
  });

  const base = { nodeId: 'L', bindings: new Map(), declaredOutputs: { loss: { role: 'loss' as const, shape: [] } } };

  it('infer: names both shapes when logits and target differ', () => {
    const result = bce.infer!({
      ...base,
      params: bce.params.parse({}),
      inputs: { logits: { role: 'logits', shape: ['B', 784] }, target: { role: 'image', shape: ['B', 28, 28, 1] } },
    });
    const msg = JSON.stringify(result);
    expect(msg).toContain('[B, 784]');
    expect(msg).toContain('[B, 28, 28, 1]');
  });

  it('infer: refuses targets outside [0, 1] and accepts matching shapes', () => {
    const bad = bce.infer!({
      ...base,
      params: bce.params.parse({}),
      inputs: { logits: { role: 'logits', shape: ['B', 4] }, target: { role: 'image', shape: ['B', 4], range: [-1, 1] } },
    });
    expect(JSON.stringify(bad)).toContain('[-1, 1]');
    const ok = bce.infer!({
      ...base,
      params: bce.params.parse({ reduction: 'sumPerSample' }),
      inputs: { logits: { role: 'logits', shape: ['B', 4] }, target: { role: 'image', shape: [16, 4], range: [0, 1] } },
    });
    expect(ok).toEqual({ outputs: { loss: { role: 'loss', shape: [] } } });
  });
});
