import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, buildTestNode, checkGradients, type Collective, type NodeDefinition, type Shard } from '@ganvas/core';
import { batchNorm } from './batch-norm.js';
import { dropout } from './dropout.js';
import { reparameterize } from './reparameterize.js';
import { randn, useCpu } from './test-helpers.js';

// Data-parallel training (each worker holds an equal row shard of the batch). Per-row
// randomness: a worker's rows are those of the one-worker draw. Batch norm with real
// workers is compared with the full batch in tests/parallel; here one thread checks its
// wiring through the collective.

beforeAll(useCpu);

const noCollective: Collective = { allReduceMean: () => { throw new Error('no collective expected'); } };
const shard = (index: number, count: number, collective = noCollective): Shard => ({ index, count, collective });

describe.each([
  ['layers.dropout', dropout, ['x'], { rate: 0.5 }],
  ['layers.reparameterize', reparameterize, ['mu', 'logvar'], {}],
] as [string, NodeDefinition<any>, string[], Record<string, unknown>][])('%s on a shard', (_name, def, ports, params) => {
  it("takes its rows of the one-worker run's draw and keeps the stream in step", async () => {
    expect(def.dataParallel).toBe('shardAware');
    const node = await buildTestNode(def, { params });
    const inputs = Object.fromEntries(ports.map((p, i) => [p, randn([6, 5], i + 1)]));
    const rngWhole = new Rng(4);
    const whole = (node.forward(inputs, { rng: rngWhole }) as Record<string, tf.Tensor>);
    const out = Object.keys(whole)[0]!;
    for (const count of [2, 3]) {
      const rows = 6 / count;
      const parts = [...Array(count).keys()].map((i) => {
        const rng = new Rng(4);
        const slice = Object.fromEntries(Object.entries(inputs).map(([p, t]) => [p, tf.slice(t, i * rows, rows)]));
        const y = (node.forward(slice, { rng, shard: shard(i, count) }) as Record<string, tf.Tensor>)[out]!;
        expect(rng.getState()).toEqual(rngWhole.getState());
        return y;
      });
      expect(Array.from(tf.concat(parts).dataSync())).toEqual(Array.from(whole[out]!.dataSync()));
    }
    node.dispose();
  });
});

describe('layers.batchNorm with a collective', () => {
  /** Two workers holding identical shards: every average is the local value. */
  function mirror(): Collective & { calls: number } {
    const c = {
      calls: 0,
      allReduceMean(values: Float32Array) {
        c.calls++;
        return values.slice();
      },
    };
    return c;
  }

  it('normalises through two averages forward and two backward, and its gradients check numerically', async () => {
    expect(batchNorm.dataParallel).toBe('shardAware');
    const node = await buildTestNode(batchNorm, { inputs: { x: { role: 'tensor', shape: ['B', 2, 2, 3] } } });
    const gamma = node.weights.get('gamma')!;
    gamma.assign(tf.tensor1d([0.5, 2, -1]));
    const x = randn([4, 2, 2, 3], 9, 2);
    const w = randn([4, 2, 2, 3], 10);
    const plain = node.forward({ x }, { purpose: 'eval' }).y as tf.Tensor;
    const c = mirror();
    const synced = node.forward({ x }, { purpose: 'eval', shard: shard(0, 2, c) }).y as tf.Tensor;
    expect(c.calls).toBe(2);
    expect(Array.from(synced.dataSync())).toEqual(Array.from(plain.dataSync()));
    const f = ([input]: tf.Tensor[]) =>
      tf.sum(tf.mul(node.forward({ x: input! }, { purpose: 'eval', shard: shard(0, 2, c) }).y as tf.Tensor, w)) as tf.Scalar;
    const before = c.calls;
    tf.grad((input: tf.Tensor) => f([input]))(x);
    expect(c.calls - before).toBe(4);
    const r = checkGradients(f, [x], { samplesPerInput: 20 });
    expect(r.maxRelError).toBeLessThan(1e-2);
    node.dispose();
  });

  it('updates the running statistics with the full batch size in the unbiased variance', async () => {
    // Two mirrored shards of 2 rows = a batch of 4: the unbiased factor is 4/3, not 2/1.
    const node = await buildTestNode(batchNorm, { params: { momentum: 1 }, inputs: { x: { role: 'tensor', shape: ['B', 1] } } });
    node.forward({ x: tf.tensor2d([[1], [3]]) }, { shard: shard(0, 2, mirror()) });
    expect(node.weights.get('runningMean')!.dataSync()[0]).toBeCloseTo(2);
    expect(node.weights.get('runningVar')!.dataSync()[0]).toBeCloseTo((1 * 4) / 3);
    node.dispose();
  });
});
