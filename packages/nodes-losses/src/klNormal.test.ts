import { Rng } from '@ganvas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { klNormal } from './klNormal.js';
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

const rng = new Rng(51);
const mu = { shape: [5, 3], data: uniformData(rng, 15, -2, 2) };
const logvar = { shape: [5, 3], data: uniformData(rng, 15, -3, 1.5) };
const cases: RefCase[] = [{ name: 'kl', kind: 'klNormal', inputs: { mu, logvar } }];

describe('loss.klNormal', () => {
  let ref: ReturnType<typeof torchReference>;
  beforeAll(async () => {
    await useCpu();
    ref = torchReference(cases);
  });

  it('value and gradients w.r.t. mu and logvar match PyTorch', async () => {
    const err = errorVsTorch(valueAndGrads(await buildLoss(klNormal), { mu, logvar }), ref['kl']!);
    report('klNormal value rel err vs torch', err.value);
    report('klNormal grad rel err vs torch', err.grads);
    expect(err.value).toBeLessThan(1e-5);
    expect(err.grads).toBeLessThan(1e-5);
  });

  it('gradient check w.r.t. mu and logvar', async () => {
    const err = gradCheck(await buildLoss(klNormal), { mu, logvar });
    report('klNormal grad check', err);
    expect(err).toBeLessThan(1e-2);
  });

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
