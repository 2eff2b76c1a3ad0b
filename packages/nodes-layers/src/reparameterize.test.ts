import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, buildTestNode, checkGradients } from '@ganvas/core';
import { reparameterize } from './reparameterize.js';
import { arr, randn, relError, torchRef, useCpu } from './test-helpers.js';

beforeAll(useCpu);

describe('layers.reparameterize', () => {
  it('infers a latent [B, Z] and refuses mismatched mu/logvar', () => {
    const infer = (mu: number[] | (string | number)[], lv: (string | number)[]) =>
      reparameterize.infer!({
        nodeId: 'rp',
        params: {},
        inputs: { mu: { role: 'tensor', shape: mu }, logvar: { role: 'tensor', shape: lv } },
        bindings: new Map(),
        declaredOutputs: {},
      });
    expect(infer(['B', 16], ['B', 16])).toEqual({ outputs: { z: { role: 'latent', dtype: 'float32', shape: ['B', 16] } } });
    expect(infer(['B', 16], ['B', 8])).toMatchObject({ errors: [{ port: 'logvar' }] });
  });

  it('computes mu + exp(logvar/2)·ε with ε from fctx.rng (matches PyTorch given the same ε)', async () => {
    const node = await buildTestNode(reparameterize);
    const mu = randn([3, 4], 1);
    const logvar = randn([3, 4], 2, 0.5);
    const seed = 1234;
    const z = node.forward({ mu, logvar }, { rng: new Rng(seed), training: false, purpose: 'sample' }).z as tf.Tensor;
    // Recover the ε the node drew: same generator state, same tfjs seed.
    const eps = tf.randomNormal([3, 4], 0, 1, 'float32', new Rng(seed).seed());
    const [ref] = torchRef([{ op: 'reparameterize', mu: arr(mu), logvar: arr(logvar), eps: arr(eps) }]);
    const err = relError(z, ref!.z);
    console.log(`reparameterize vs torch: max rel error ${err.toExponential(2)}`);
    expect(err).toBeLessThan(1e-5);
    // Samples in eval too, and differently on the next draw.
    const z2 = node.forward({ mu, logvar }, { training: false, purpose: 'sample' }).z as tf.Tensor;
    expect(relError(z2, arr(z))).toBeGreaterThan(1e-3);
  });

  it('gradients w.r.t. mu and logvar match finite differences (fixed ε)', async () => {
    const node = await buildTestNode(reparameterize);
    const p = randn([2, 3], 5);
    const r = checkGradients(
      ([mu, logvar]) => tf.sum(tf.mul(node.forward({ mu: mu!, logvar: logvar! }, { rng: new Rng(9) }).z as tf.Tensor, p)),
      [randn([2, 3], 3), randn([2, 3], 4, 0.5)],
    );
    console.log(`reparameterize grad check: max rel error ${r.maxRelError.toExponential(2)}`);
    expect(r.maxRelError).toBeLessThan(1e-2);
  });
});
