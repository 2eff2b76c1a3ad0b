import { Rng } from '@ganvas/core';
import { describe, expect, it } from 'vitest';
import { klNormal } from './klNormal.js';
import {
  buildLoss,
  uniformData,
  valueAndGrads,
  type RefCase,
  lossMathCases,
} from './test-util.js';

const rng = new Rng(51);
const mu = { shape: [5, 3], data: uniformData(rng, 15, -2, 2) };
const logvar = { shape: [5, 3], data: uniformData(rng, 15, -3, 1.5) };
const cases: RefCase[] = [{ name: 'kl', kind: 'klNormal', inputs: { mu, logvar } }];

describe('loss.klNormal', () => {
  lossMathCases('klNormal', klNormal, cases);

  it('is zero at the prior', async () => {
    const zeros = { shape: [2, 4], data: new Array(8).fill(0) };
    expect(valueAndGrads(await buildLoss(klNormal), { mu: zeros, logvar: zeros }).value).toBeCloseTo(0, 12);
  });

  it('infer: names both shapes when mu and logvar differ', () => {
    const result = klNormal.infer!({
      nodeId: 'L',
      params: klNormal.params.parse({}),
      inputs: { mu: { role: 'latent', shape: ['B', 16] }, logvar: { role: 'latent', shape: ['B', 8] } },
      bindings: new Map(),
      declaredOutputs: { loss: { role: 'loss', shape: [] } },
    });
    expect(JSON.stringify(result)).toContain('[B, 16]');
    expect(JSON.stringify(result)).toContain('[B, 8]');
  });
});
