import { Rng } from '@ganvas/core';
import { describe, expect, it } from 'vitest';
import { mse } from './mse.js';
import {
  uniformData,
  type RefCase,
  lossMathCases,
} from './test-util.js';

const rng = new Rng(31);
const prediction = { shape: [4, 5], data: uniformData(rng, 20, -2, 2) };
const target = { shape: [4, 5], data: uniformData(rng, 20, -2, 2) };
const cases: RefCase[] = [
  { name: 'mean', kind: 'mse', params: { reduction: 'mean' }, inputs: { prediction, target } },
  { name: 'sumPerSample', kind: 'mse', params: { reduction: 'sumPerSample' }, inputs: { prediction, target } },
];

describe('loss.mse', () => {
  lossMathCases('mse', mse, cases);

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
