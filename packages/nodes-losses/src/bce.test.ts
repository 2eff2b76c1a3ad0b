import { Rng } from '@ganvas/core';
import { describe, expect, it } from 'vitest';
import { bce } from './bce.js';
import {
  buildLoss,
  uniformData,
  valueAndGrads,
  type RefCase,
  lossMathCases,
} from './test-util.js';

const rng = new Rng(21);
const logits = { shape: [3, 2, 2, 1], data: uniformData(rng, 12, -4, 4) };
const target = { shape: [3, 2, 2, 1], data: uniformData(rng, 12, 0, 1) };
const cases: RefCase[] = [
  { name: 'mean', kind: 'bce', params: { reduction: 'mean' }, inputs: { logits, target } },
  { name: 'sumPerSample', kind: 'bce', params: { reduction: 'sumPerSample' }, inputs: { logits, target } },
];

describe('loss.bce', () => {
  lossMathCases('bce', bce, cases);

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
