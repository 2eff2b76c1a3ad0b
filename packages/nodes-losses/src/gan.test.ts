import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@ganvas/core';
import { describe, expect, it } from 'vitest';
import { gan } from './gan.js';
import {
  buildLoss,
  uniformData,
  valueAndGrads,
  type RefCase,
  type RefInput,
  lossMathCases,
} from './test-util.js';

const rng = new Rng(11);
const real = { shape: [6, 1], data: uniformData(rng, 6, -3, 3) };
const fake = { shape: [6, 1], data: uniformData(rng, 6, -3, 3) };
const patchReal = { shape: [2, 3, 3, 1], data: uniformData(rng, 18, -4, 4) };
const patchFake = { shape: [2, 3, 3, 1], data: uniformData(rng, 18, -4, 4) };

const cases: RefCase[] = [
  { name: 'D', kind: 'gan', params: { side: 'discriminator' }, inputs: { real, fake } },
  { name: 'D smoothed', kind: 'gan', params: { side: 'discriminator', realTarget: 0.9 }, inputs: { real, fake } },
  { name: 'D patch', kind: 'gan', params: { side: 'discriminator' }, inputs: { real: patchReal, fake: patchFake } },
  { name: 'G minimax', kind: 'gan', params: { side: 'generator', form: 'minimax' }, inputs: { fake } },
  { name: 'G nonsaturating', kind: 'gan', params: { side: 'generator', form: 'nonsaturating' }, inputs: { fake } },
];

describe('loss.gan', () => {
  lossMathCases('gan', gan, cases);

  it('gives finite losses and gradients for logits of ±50', async () => {
    const big = { shape: [4, 1], data: [50, -50, 50, -50] };
    for (const c of cases.filter((c) => !c.name.includes('patch'))) {
      const inputs: Record<string, RefInput> = c.inputs['real'] ? { real: big, fake: big } : { fake: big };
      const f = await buildLoss(gan, c.params);
      const { value, grads } = valueAndGrads(f, inputs);
      expect(Number.isFinite(value), `${c.name} value ${value}`).toBe(true);
      for (const g of Object.values(grads)) expect(g!.every(Number.isFinite)).toBe(true);
    }
    // D loss with confidently right logits is ~0, with confidently wrong ones ~50 per term.
    const d = await buildLoss(gan, { side: 'discriminator' });
    const right = valueAndGrads(d, { real: { shape: [1], data: [50] }, fake: { shape: [1], data: [-50] } });
    const wrong = valueAndGrads(d, { real: { shape: [1], data: [-50] }, fake: { shape: [1], data: [50] } });
    expect(right.value).toBeCloseTo(0, 6);
    expect(wrong.value).toBeCloseTo(100, 3);
  });

  it('infer: the discriminator side names the missing "real" port', () => {
    const result = gan.infer!({
      nodeId: 'L',
      params: gan.params.parse({ side: 'discriminator' }),
      inputs: { fake: { role: 'logits', shape: ['B', 1] } },
      bindings: new Map(),
      declaredOutputs: { loss: { role: 'loss', shape: [] } },
    });
    expect('errors' in result && result.errors[0]?.port).toBe('real');
    expect(JSON.stringify(result)).toContain('"real"');
  });

  it('infer: the generator side needs no "real"; mismatched logits shapes are named', () => {
    const base = { nodeId: 'L', bindings: new Map(), declaredOutputs: { loss: { role: 'loss' as const, shape: [] } } };
    const ok = gan.infer!({ ...base, params: gan.params.parse({ side: 'generator' }), inputs: { fake: { role: 'logits', shape: ['B', 1] } } });
    expect(ok).toEqual({ outputs: { loss: { role: 'loss', shape: [] } } });
    const bad = gan.infer!({
      ...base,
      params: gan.params.parse({}),
      inputs: { real: { role: 'logits', shape: ['B', 1] }, fake: { role: 'logits', shape: ['B', 4, 4, 1] } },
    });
    const msg = JSON.stringify(bad);
    expect(msg).toContain('[B, 1]');
    expect(msg).toContain('[B, 4, 4, 1]');
  });

  it('keeps memory flat over repeated evaluation', async () => {
    const f = await buildLoss(gan, { side: 'discriminator' });
    const x = tf.tensor(real.data, real.shape);
    const run = () => tf.tidy(() => f({ real: x, fake: x }).dataSync());
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
