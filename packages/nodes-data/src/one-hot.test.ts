import * as tf from '@tensorflow/tfjs-core';
import { buildTestNode } from '@ganvas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { oneHot } from './one-hot.js';
import { useCpuBackend } from './test-backend.js';

beforeAll(useCpuBackend);

const inputs = { labelIndex: { role: 'label' as const, dtype: 'int32' as const, shape: [3] } };

describe('data.oneHot', () => {
  it('turns indices into float32 one-hot rows', async () => {
    const node = await buildTestNode(oneHot, { params: { classes: 4 }, inputs });
    const x = tf.tensor1d([2, 0, 3], 'int32');
    const y = node.forward({ labelIndex: x }).onehot as tf.Tensor;
    expect(y.dtype).toBe('float32');
    expect(y.shape).toEqual([3, 4]);
    expect(y.arraySync()).toEqual([
      [0, 0, 1, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 1],
    ]);
    tf.dispose([x, y]);
  });

  it('accepts float indices, and gives a zero row for an index outside the classes', async () => {
    const node = await buildTestNode(oneHot, { params: { classes: 2 }, inputs });
    const x = tf.tensor1d([1, 5]);
    const y = node.forward({ labelIndex: x }).onehot as tf.Tensor;
    expect(y.arraySync()).toEqual([
      [0, 1],
      [0, 0],
    ]);
    tf.dispose([x, y]);
  });

  it('infers [B, classes] keeping the bound batch', () => {
    const params = oneHot.params.parse({ classes: 7 });
    const infer = (b: string | number) =>
      oneHot.infer!({ nodeId: 'n', params, inputs: {}, bindings: new Map([['B', b]]), declaredOutputs: {} });
    expect(infer(16)).toEqual({ outputs: { onehot: { role: 'onehot', dtype: 'float32', shape: [16, 7] } } });
    expect(infer('B')).toEqual({ outputs: { onehot: { role: 'onehot', dtype: 'float32', shape: ['B', 7] } } });
  });

  it('leaves no tensors behind over 50 calls (float input cast included)', async () => {
    const node = await buildTestNode(oneHot, { inputs });
    const x = tf.tensor1d([1, 2, 3]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) tf.dispose(node.forward({ labelIndex: x }).onehot as tf.Tensor);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('refuses a bad class count', () => {
    expect(oneHot.params.safeParse({ classes: 'ten' }).error!.issues[0]!.path).toEqual(['classes']);
  });
});
