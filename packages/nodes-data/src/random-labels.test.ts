import * as tf from '@tensorflow/tfjs-core';
import { buildTestNode } from '@ganvas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomLabels } from './random-labels.js';
import { useCpuBackend } from './test-backend.js';

beforeAll(useCpuBackend);

const draw = async (params: Record<string, unknown>, seed = 1, batchSize = 8) => {
  const node = await buildTestNode(randomLabels, { params, seed, batchSize });
  const out = node.forward({}) as { label: tf.Tensor; labelIndex: tf.Tensor };
  const result = {
    labelShape: out.label.shape,
    label: Array.from(out.label.dataSync()),
    indexShape: out.labelIndex.shape,
    indexDtype: out.labelIndex.dtype,
    index: Array.from(out.labelIndex.dataSync()),
  };
  tf.dispose([out.label, out.labelIndex]);
  return result;
};

describe('data.randomLabels', () => {
  it('gives matching one-hot rows and int32 indices', async () => {
    const r = await draw({ classes: 4 }, 1, 6);
    expect(r.labelShape).toEqual([6, 4]);
    expect(r.indexShape).toEqual([6]);
    expect(r.indexDtype).toBe('int32');
    r.index.forEach((c, row) => {
      expect(r.label.slice(row * 4, row * 4 + 4)).toEqual([0, 1, 2, 3].map((k) => (k === c ? 1 : 0)));
    });
  });

  it('covers the classes about uniformly', async () => {
    const r = await draw({ classes: 10, batch: 5000 });
    const counts = new Array<number>(10).fill(0);
    for (const c of r.index) counts[c]!++;
    for (const n of counts) expect(Math.abs(n - 500)).toBeLessThan(100);
  });

  it('is deterministic per seed', async () => {
    expect((await draw({}, 3)).index).toEqual((await draw({}, 3)).index);
    expect((await draw({}, 3, 32)).index).not.toEqual((await draw({}, 4, 32)).index);
  });

  it('infers its contracts from classes and batch', () => {
    const params = randomLabels.params.parse({ classes: 3 });
    expect(randomLabels.infer!({ nodeId: 'n', params, inputs: {}, bindings: new Map(), declaredOutputs: {} })).toEqual({
      outputs: {
        label: { role: 'onehot', dtype: 'float32', shape: ['B', 3] },
        labelIndex: { role: 'label', dtype: 'int32', shape: ['B'] },
      },
    });
  });

  it('leaves no tensors behind over 50 calls', async () => {
    const node = await buildTestNode(randomLabels, { batchSize: 16 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) tf.dispose(Object.values(node.forward({})) as tf.Tensor[]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses fewer than two classes', () => {
    const r = randomLabels.params.safeParse({ classes: 1 });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['classes']);
  });
});
