import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestNode, checkGradients } from '@ganvas/core';
import { lsganLoss } from './lsgan-loss.js';
import { randn, relError, torchLosses, useCpu } from './test-helpers.js';

beforeAll(useCpu);

describe('i2i.lsganLoss', () => {
  it('matches PyTorch CycleGAN (D: 0.5·(MSE(real,1)+MSE(fake,0)); G: MSE(fake,1)) in value and gradient', async () => {
    const shape = [3, 4, 4, 1];
    const d = await buildTestNode(lsganLoss, { inputs: { real: { role: 'score', shape }, fake: { role: 'score', shape } } });
    const g = await buildTestNode(lsganLoss, { params: { side: 'generator' }, inputs: { fake: { role: 'score', shape } } });
    const real = randn(shape, 1);
    const fake = randn(shape, 2);
    const [rd, rg] = torchLosses([
      { op: 'lsgan_d', x: [real.arraySync(), fake.arraySync()] },
      { op: 'lsgan_g', x: fake.arraySync() },
    ]);
    const dLoss = (r: tf.Tensor, f: tf.Tensor) => d.forward({ real: r, fake: f }).loss as tf.Scalar;
    const gLoss = (f: tf.Tensor) => g.forward({ fake: f }).loss as tf.Scalar;
    const [gr, gf] = tf.grads(dLoss)([real, fake]);
    const gg = tf.grad(gLoss)(fake);
    const errs = [
      relError(dLoss(real, fake).dataSync()[0]!, rd!.loss),
      relError(tf.stack([gr!, gf!]), rd!.grad),
      relError(gLoss(fake).dataSync()[0]!, rg!.loss),
      relError(gg, rg!.grad),
    ];
    console.log(`lsgan vs torch: max rel error ${Math.max(...errs).toExponential(2)}`);
    for (const e of errs) expect(e).toBeLessThan(1e-5);
    const check = checkGradients(([r, f]) => dLoss(r!, f!), [real, fake], { eps: 1e-2 });
    expect(check.maxRelError).toBeLessThan(1e-2);
    d.dispose();
    g.dispose();
  });

  it('refuses a discriminator side without real outputs, and mismatched maps', () => {
    const infer = (params: object, inputs: object) =>
      JSON.stringify(lsganLoss.infer!({ nodeId: 'l', params: lsganLoss.params.parse(params), inputs: inputs as never, bindings: new Map(), declaredOutputs: {} }));
    expect(infer({}, { fake: { role: 'score', shape: ['B', 4, 4, 1] } })).toMatch(/needs D outputs on real images/);
    expect(infer({}, { real: { role: 'score', shape: ['B', 4, 4, 1] }, fake: { role: 'score', shape: ['B', 2, 2, 1] } })).toMatch(
      /real.{0,4} is \[B, 4, 4, 1\] but .{0,4}fake.{0,4} is \[B, 2, 2, 1\]/,
    );
  });
});
