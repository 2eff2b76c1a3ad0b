import * as tf from '@tensorflow/tfjs-core';
import { buildTestNode, checkGradients } from '@ganvas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { normals, useCpu } from './test-util.js';
import { wasserstein } from './wasserstein.js';

beforeAll(useCpu);

const mean = (t: tf.Tensor) => Array.from(t.dataSync()).reduce((a, b) => a + b, 0) / t.size;

describe('gan.wasserstein', () => {
  it('critic: mean f(fake) − mean f(real); generator: −mean f(fake); batches may differ', async () => {
    const real = normals([6, 1], 1, 2);
    const fake = tf.add(normals([4, 1], 2, 2), 1.5);
    const critic = await buildTestNode(wasserstein, { params: { side: 'critic' } });
    const gen = await buildTestNode(wasserstein, { params: { side: 'generator' } });
    const lc = (critic.forward({ real, fake }).loss as tf.Tensor).dataSync()[0]!;
    const lg = (gen.forward({ fake }).loss as tf.Tensor).dataSync()[0]!;
    expect(lc).toBeCloseTo(mean(fake) - mean(real), 6);
    expect(lg).toBeCloseTo(-mean(fake), 6);
    expect(mean(fake)).not.toBeCloseTo(0, 2);
  });

  it('means over every element of patch score maps', async () => {
    const real = normals([2, 3, 3, 1], 3);
    const fake = normals([2, 3, 3, 1], 4);
    const critic = await buildTestNode(wasserstein, { params: {} });
    const lc = (critic.forward({ real, fake }).loss as tf.Tensor).dataSync()[0]!;
    expect(lc).toBeCloseTo(mean(fake) - mean(real), 6);
  });

  it('gradient check on both sides', async () => {
    const critic = await buildTestNode(wasserstein, { params: { side: 'critic' } });
    const gen = await buildTestNode(wasserstein, { params: { side: 'generator' } });
    const c = checkGradients(([r, f]) => critic.forward({ real: r, fake: f }).loss as tf.Scalar, [normals([5, 1], 5), normals([5, 1], 6)]);
    const g = checkGradients(([f]) => gen.forward({ fake: f }).loss as tf.Scalar, [normals([5, 1], 7)]);
    expect(c.maxRelError).toBeLessThan(1e-2);
    expect(g.maxRelError).toBeLessThan(1e-2);
    // The gradient itself: ±1/n per element.
    const gr = tf.grad((r: tf.Tensor) => critic.forward({ real: r, fake: normals([5, 1], 6) }).loss as tf.Scalar)(normals([5, 1], 5));
    expect(Array.from(gr.dataSync())).toEqual(new Array(5).fill(Math.fround(-1 / 5)));
  });

  it('infer names the missing "real" on the critic side and mismatched shapes', () => {
    const base = { nodeId: 'W', bindings: new Map(), declaredOutputs: { loss: { role: 'loss' as const, shape: [] } } };
    const missing = wasserstein.infer!({ ...base, params: wasserstein.params.parse({}), inputs: { fake: { role: 'score', shape: ['B', 1] } } });
    expect('errors' in missing && missing.errors[0]).toMatchObject({ port: 'real' });
    const gen = wasserstein.infer!({
      ...base,
      params: wasserstein.params.parse({ side: 'generator' }),
      inputs: { fake: { role: 'score', shape: ['B', 1] } },
    });
    expect(gen).toEqual({ outputs: base.declaredOutputs });
    const bad = wasserstein.infer!({
      ...base,
      params: wasserstein.params.parse({}),
      inputs: { real: { role: 'score', shape: ['B', 1] }, fake: { role: 'score', shape: ['B', 4, 4, 1] } },
    });
    expect(JSON.stringify(bad)).toContain('[B, 4, 4, 1]');
  });

  it('throws a named error when the critic side runs without "real"', async () => {
    const critic = await buildTestNode(wasserstein, { params: {} });
    expect(() => critic.forward({ fake: normals([2, 1], 1) })).toThrow(/critic side needs input "real"/);
  });
});
