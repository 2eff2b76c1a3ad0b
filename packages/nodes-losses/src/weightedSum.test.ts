import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { weightedSum } from './weightedSum.js';
import { buildLoss, gradCheck, report, useCpu } from './test-util.js';

describe('loss.weightedSum', () => {
  beforeAll(useCpu);

  it('adds the terms with their weights, in edge order', async () => {
    const f = await buildLoss(weightedSum, { weights: [1, 100, -0.5] });
    const terms = [tf.scalar(2), tf.scalar(0.25), tf.scalar(4)];
    expect(f({ terms: terms as unknown as tf.Tensor }).dataSync()[0]).toBeCloseTo(2 + 25 - 2, 5);
    terms.forEach((t) => t.dispose());
  });

  it('uses weight 1 for every term by default', async () => {
    const f = await buildLoss(weightedSum);
    const terms = [tf.scalar(2), tf.scalar(3)];
    expect(f({ terms: terms as unknown as tf.Tensor }).dataSync()[0]).toBeCloseTo(5, 6);
    terms.forEach((t) => t.dispose());
  });

  it('gradient check w.r.t. every term', async () => {
    const node = await buildLoss(weightedSum, { weights: [2, -3] });
    const scalars = { a: { shape: [], data: [1.5] }, b: { shape: [], data: [-0.7] } };
    const err = gradCheck((x) => node({ terms: [x['a']!, x['b']!] as unknown as tf.Tensor }), scalars);
    report('weightedSum grad check', err);
    expect(err).toBeLessThan(1e-3);
  });

  it('infer: a weights/terms count mismatch names both counts', () => {
    const loss = { role: 'loss' as const, shape: [] };
    const result = weightedSum.infer!({
      nodeId: 'L',
      params: weightedSum.params.parse({ weights: [1, 10, 100] }),
      inputs: { terms: [loss, loss] },
      bindings: new Map(),
      declaredOutputs: { loss },
    });
    expect('errors' in result).toBe(true);
    const msg = JSON.stringify(result);
    expect(msg).toContain('3 entries');
    expect(msg).toContain('2 terms');
    const ok = weightedSum.infer!({
      nodeId: 'L',
      params: weightedSum.params.parse({ weights: [1, 10] }),
      inputs: { terms: [loss, loss] },
      bindings: new Map(),
      declaredOutputs: { loss },
    });
    expect(ok).toEqual({ outputs: { loss } });
  });
});
