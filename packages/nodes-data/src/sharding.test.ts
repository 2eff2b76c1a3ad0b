import * as tf from '@tensorflow/tfjs-core';
import { buildTestNode, Rng, type NodeDefinition, type Shard } from '@ganvas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gaussianNoise } from './gaussian-noise.js';
import { mnist } from './mnist.js';
import { randomLabels } from './random-labels.js';
import { uniformNoise } from './uniform-noise.js';
import { useCpuBackend } from './test-backend.js';

// Data-parallel training: each worker's source output is its rows of the batch a one-worker
// run draws, and the random stream and batch order advance exactly as in that run.

beforeAll(useCpuBackend);

const shard = (index: number, count: number): Shard => ({
  index,
  count,
  collective: { allReduceMean: () => { throw new Error('sources need no collective'); } },
});

interface Draw {
  outputs: Record<string, number[][]>;
  rng: unknown;
  state: unknown;
}

/** One training draw of a fresh node (same seed every time), whole or as shard `s`. */
async function draw(def: NodeDefinition<any>, params: Record<string, unknown>, batchSize: number, s?: Shard): Promise<Draw> {
  const node = await buildTestNode(def, { params, batchSize });
  const rng = new Rng(11);
  // Two draws: the second shows the stream and the order stayed in step after the first.
  node.forward({}, { rng, ...(s ? { shard: s } : {}) });
  const out = node.forward({}, { rng, ...(s ? { shard: s } : {}) }) as Record<string, tf.Tensor>;
  const outputs = Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.arraySync() as number[][]]));
  tf.dispose(Object.values(out));
  const result = { outputs, rng: rng.getState(), state: node.instance.getState?.() };
  node.dispose();
  return result;
}

const cases: [string, NodeDefinition<any>, Record<string, unknown>][] = [
  ['data.gaussianNoise', gaussianNoise, { dims: [2, 3] }],
  ['data.uniformNoise', uniformNoise, { dims: 5 }],
  ['data.randomLabels', randomLabels, { classes: 7 }],
  ['data.mnist (shuffle)', mnist, { order: 'shuffle' }],
  ['data.mnist (random)', mnist, { order: 'random' }],
];

describe.each(cases)('%s on a shard', (_name, def, params) => {
  it('gives its rows of the one-worker batch and advances the stream and order alike', async () => {
    expect(def.dataParallel).toBe('shardAware');
    const whole = await draw(def, params, 8);
    for (const count of [2, 4]) {
      const parts = await Promise.all([...Array(count).keys()].map((i) => draw(def, params, 8, shard(i, count))));
      for (const [port, rows] of Object.entries(whole.outputs)) {
        parts.forEach((p) => expect(p.outputs[port]).toHaveLength(8 / count));
        expect(parts.flatMap((p) => p.outputs[port]!), `${port}, ${count} shards`).toEqual(rows);
      }
      for (const p of parts) {
        expect(p.rng).toEqual(whole.rng);
        expect(p.state).toEqual(whole.state);
      }
    }
  });

  it('refuses a batch that does not split', async () => {
    const node = await buildTestNode(def, { params, batchSize: 6 });
    expect(() => node.forward({}, { rng: new Rng(1), shard: shard(0, 4) })).toThrow('a batch of 6 rows does not split into 4 equal shards');
    node.dispose();
  });
});

it('shards a source whose batch param overrides the run batch by its own size', async () => {
  const whole = await draw(gaussianNoise, { dims: 3, batch: 4 }, 10);
  const parts = await Promise.all([0, 1].map((i) => draw(gaussianNoise, { dims: 3, batch: 4 }, 10, shard(i, 2))));
  expect(parts.flatMap((p) => p.outputs.z!)).toEqual(whole.outputs.z);
});
