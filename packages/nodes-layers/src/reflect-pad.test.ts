import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestNode } from '@ganvas/core';
import { reflectPad } from './reflect-pad.js';
import { arr, gradCheckNode, randn, relError, useCpu } from './test-helpers.js';
import { i2iTorchRef } from './test-i2i-ref.js';

beforeAll(useCpu);

const infer = (shape: (string | number)[], padding: number) =>
  reflectPad.infer!({ nodeId: 'pad', params: { padding }, inputs: { x: { role: 'features', shape } }, bindings: new Map(), declaredOutputs: {} });

describe('layers.reflectPad', () => {
  it('grows H and W by 2p and refuses padding as large as the maps', () => {
    expect(infer(['B', 8, 6, 3], 3)).toEqual({ outputs: { y: { role: 'features', dtype: 'float32', shape: ['B', 14, 12, 3] } } });
    expect(JSON.stringify(infer(['B', 3, 6, 3], 3))).toMatch(/needs H and W above 3/);
  });

  it('matches PyTorch ReflectionPad2d, and its gradient matches finite differences', async () => {
    const shape = [2, 4, 5, 2];
    const node = await buildTestNode(reflectPad, { params: { padding: 2 }, inputs: { x: { role: 'tensor', shape } } });
    const x = randn(shape, 7);
    const y = node.forward({ x }).y as tf.Tensor;
    expect(y.shape).toEqual([2, 8, 9, 2]);
    const [ref] = i2iTorchRef([{ op: 'reflectPad', x: arr(x), padding: 2 }]);
    const err = relError(y, ref!.y);
    console.log(`reflectPad vs torch: ${err.toExponential(2)}`);
    expect(err).toBeLessThan(1e-6);
    const r = gradCheckNode(node, { x }, [], { eps: 1e-2 });
    console.log(`reflectPad grad check: max rel error ${r.maxRelError.toExponential(2)}`);
    expect(r.maxRelError).toBeLessThan(1e-2);
    node.dispose();
  });
});
