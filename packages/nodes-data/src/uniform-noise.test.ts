import * as tf from '@tensorflow/tfjs-core';
import { buildTestNode } from '@ganvas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from './test-backend.js';
import { uniformNoise } from './uniform-noise.js';

beforeAll(useCpuBackend);

const infer = (params: unknown) =>
  uniformNoise.infer!({
    nodeId: 'n',
    params: uniformNoise.params.parse(params),
    inputs: {},
    bindings: new Map(),
    declaredOutputs: {},
  });

describe('data.uniformNoise', () => {
  it('draws [B, ...dims] within [min, max), spread over the interval', async () => {
    const node = await buildTestNode(uniformNoise, { params: { dims: [2, 50], min: 3, max: 5 }, batchSize: 10 });
    const z = node.forward({}).z as tf.Tensor;
    expect(z.shape).toEqual([10, 2, 50]);
    const v = z.dataSync();
    z.dispose();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...v)).toBeLessThan(5);
    expect(Math.min(...v)).toBeLessThan(3.1);
    expect(Math.max(...v)).toBeGreaterThan(4.9);
  });

  it('infers a latent contract carrying the range', () => {
    expect(infer({ dims: 8, batch: 4 })).toEqual({
      outputs: { z: { role: 'latent', dtype: 'float32', shape: [4, 8], range: [-1, 1] } },
    });
    expect(infer({ min: 0 })).toMatchObject({ outputs: { z: { shape: ['B', 100], range: [0, 1] } } });
  });

  it('is deterministic per seed', async () => {
    const draw = async (seed: number) => {
      const node = await buildTestNode(uniformNoise, { params: { dims: 5 }, seed });
      const z = node.forward({}).z as tf.Tensor;
      const v = Array.from(z.dataSync());
      z.dispose();
      return v;
    };
    expect(await draw(1)).toEqual(await draw(1));
    expect(await draw(1)).not.toEqual(await draw(2));
  });

  it('leaves no tensors behind over 50 calls', async () => {
    const node = await buildTestNode(uniformNoise, { batchSize: 16 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) tf.dispose(node.forward({}).z as tf.Tensor);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an empty interval, naming max', () => {
    const r = uniformNoise.params.safeParse({ min: 1, max: 1 });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ['max'], message: 'min must be less than max' });
    expect(uniformNoise.params.safeParse({ min: 'a' }).error!.issues[0]!.path).toEqual(['min']);
  });
});
