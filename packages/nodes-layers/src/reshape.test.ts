import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestNode } from '@ganvas/core';
import type { Shape } from '@ganvas/core';
import { reshape } from './reshape.js';
import { gradCheckNode, randn, useCpu } from './test-helpers.js';

beforeAll(useCpu);

const infer = (targetShape: number[], shape: Shape) =>
  reshape.infer!({
    nodeId: 'r',
    params: reshape.params.parse({ targetShape }),
    inputs: { x: { role: 'tensor', shape } },
    bindings: new Map(),
    declaredOutputs: {},
  });

describe('layers.reshape', () => {
  it('infers the target shape with a symbolic batch, filling -1', () => {
    expect(infer([7, 7, 256], ['B', 12544])).toEqual({ outputs: { y: { role: 'tensor', dtype: 'float32', shape: ['B', 7, 7, 256] } } });
    expect(infer([-1, 256], ['B', 7, 7, 256])).toMatchObject({ outputs: { y: { shape: ['B', 49, 256] } } });
  });

  it('names both shapes when element counts differ', () => {
    const r = infer([7, 7, 128], ['B', 12544]);
    const msg = 'errors' in r ? r.errors[0]!.message : '';
    expect(msg).toContain('[B, 12544]');
    expect(msg).toContain('[B, 7, 7, 128]');
    expect(infer([-1, 5], ['B', 12])).toMatchObject({ errors: [{ port: 'x' }] });
  });

  it('refuses two -1 in the params', () => {
    expect(reshape.params.safeParse({ targetShape: [-1, -1] }).success).toBe(false);
  });

  it('reshapes values and passes gradients', async () => {
    const node = await buildTestNode(reshape, { params: { targetShape: [2, -1] } });
    const x = randn([3, 6], 1);
    const y = node.forward({ x }).y as tf.Tensor;
    expect(y.shape).toEqual([3, 2, 3]);
    expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()));
    expect(gradCheckNode(node, { x }, []).maxRelError).toBeLessThan(1e-2);
  });
});
