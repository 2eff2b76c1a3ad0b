import * as tf from '@tensorflow/tfjs-core';
import { buildTestNode } from '@ganvas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gaussianNoise } from './gaussian-noise.js';
import { useCpuBackend } from './test-backend.js';

beforeAll(useCpuBackend);

describe('data.gaussianNoise', () => {
  it('draws [B, ...dims] with the requested mean and std', async () => {
    const node = await buildTestNode(gaussianNoise, { params: { dims: 500, mean: 2, std: 3 }, batchSize: 8 });
    const z = node.forward({}).z as tf.Tensor;
    expect(z.shape).toEqual([8, 500]);
    expect(z.dtype).toBe('float32');
    const m = tf.moments(z);
    expect(m.mean.dataSync()[0]).toBeCloseTo(2, 0);
    expect(Math.sqrt(m.variance.dataSync()[0]!)).toBeCloseTo(3, 0);
    tf.dispose([z, m.mean, m.variance]);
  });

  it('accepts dims as an array and a batch override, and infers the contract', async () => {
    const params = gaussianNoise.params.parse({ dims: [4, 4, 8], batch: 3 });
    const inferred = gaussianNoise.infer!({ nodeId: 'n', params, inputs: {}, bindings: new Map(), declaredOutputs: {} });
    expect(inferred).toEqual({ outputs: { z: { role: 'latent', dtype: 'float32', shape: [3, 4, 4, 8] } } });
    const unbatched = gaussianNoise.params.parse({});
    expect(
      gaussianNoise.infer!({ nodeId: 'n', params: unbatched, inputs: {}, bindings: new Map(), declaredOutputs: {} }),
    ).toEqual({ outputs: { z: { role: 'latent', dtype: 'float32', shape: ['B', 100] } } });
    const node = await buildTestNode(gaussianNoise, { params: { dims: [4, 4, 8], batch: 3 }, batchSize: 16 });
    const z = node.forward({}).z as tf.Tensor;
    expect(z.shape).toEqual([3, 4, 4, 8]);
    z.dispose();
  });

  it('is deterministic per seed and fresh per call', async () => {
    const draw = async (seed: number) => {
      const node = await buildTestNode(gaussianNoise, { params: { dims: 6 }, seed });
      const a = node.forward({}).z as tf.Tensor;
      const b = node.forward({}).z as tf.Tensor;
      const out = [Array.from(a.dataSync()), Array.from(b.dataSync())];
      tf.dispose([a, b]);
      return out;
    };
    const [a1, b1] = await draw(5);
    const [a2] = await draw(5);
    const [a3] = await draw(6);
    expect(a1).toEqual(a2);
    expect(a1).not.toEqual(b1);
    expect(a1).not.toEqual(a3);
  });

  it('leaves no tensors behind over 50 calls', async () => {
    const node = await buildTestNode(gaussianNoise, { batchSize: 16 });
    tf.dispose(node.forward({}).z as tf.Tensor);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) tf.dispose(node.forward({}).z as tf.Tensor);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses bad params with a message naming the field', () => {
    const bad = (params: unknown) => {
      const r = gaussianNoise.params.safeParse(params);
      expect(r.success).toBe(false);
      return r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    };
    expect(bad({ std: -1 })).toMatch(/^std: .*>=0/);
    expect(bad({ dims: [4, 0] })).toMatch(/dims/);
    expect(bad({ dims: 2.5 })).toMatch(/dims/);
    expect(bad({ batch: 0 })).toMatch(/^batch: /);
    expect(bad({ stdev: 1 })).toMatch(/stdev/);
  });
});
