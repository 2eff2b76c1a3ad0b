import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestNode } from '@ganvas/core';
import { flatten } from './flatten.js';
import { gradCheckNode, randn, useCpu } from './test-helpers.js';

beforeAll(useCpu);

const infer = (x: { role: 'image' | 'tensor'; shape: (number | string)[] }) =>
  flatten.infer!({ nodeId: 'f', params: {}, inputs: { x }, bindings: new Map(), declaredOutputs: {} });

describe('layers.flatten', () => {
  it('infers [B, H·W·C]; images become features; unknown sizes get a symbol', () => {
    expect(infer({ role: 'image', shape: ['B', 7, 7, 64] })).toEqual({
      outputs: { y: { role: 'features', dtype: 'float32', shape: ['B', 3136] } },
    });
    expect(infer({ role: 'tensor', shape: ['B', 'H', 7, 64] })).toMatchObject({ outputs: { y: { shape: ['B', 'F_f'] } } });
  });

  it('flattens values and passes gradients', async () => {
    const node = await buildTestNode(flatten);
    const x = randn([2, 3, 2, 2], 1);
    const y = node.forward({ x }).y as tf.Tensor;
    expect(y.shape).toEqual([2, 12]);
    expect(gradCheckNode(node, { x }, []).maxRelError).toBeLessThan(1e-2);
  });
});
