import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestNode, checkGradients } from '@ganvas/core';
import { add } from './add.js';
import { arr, randn, relError, useCpu } from './test-helpers.js';
import { i2iTorchRef } from './test-i2i-ref.js';

beforeAll(useCpu);

const infer = (shapes: (string | number)[][]) =>
  add.infer!({
    nodeId: 'sum',
    params: {},
    inputs: { x: shapes.map((shape) => ({ role: 'features' as const, shape })) },
    bindings: new Map(),
    declaredOutputs: {},
  });

describe('layers.add', () => {
  it('infers the common shape and refuses shapes that differ, naming both', () => {
    expect(infer([['B', 8, 8, 4], ['B', 8, 8, 4]])).toEqual({ outputs: { y: { role: 'features', dtype: 'float32', shape: ['B', 8, 8, 4] } } });
    expect(JSON.stringify(infer([['B', 8, 8, 4], ['B', 8, 8, 5]]))).toMatch(/input 1 is \[B, 8, 8, 5\] but input 0 is \[B, 8, 8, 4\]/);
  });

  it('matches PyTorch for three inputs, and its gradient (each input gets dy) matches finite differences', async () => {
    const shape = [2, 3, 3, 2];
    const node = await buildTestNode(add, { inputs: { x: [{ role: 'tensor', shape }, { role: 'tensor', shape }] } });
    const xs = [randn(shape, 1), randn(shape, 2), randn(shape, 3)];
    const y = node.forward({ x: xs }).y as tf.Tensor;
    const [ref] = i2iTorchRef([{ op: 'add', xs: xs.map(arr) }]);
    const err = relError(y, ref!.y);
    console.log(`add vs torch: ${err.toExponential(2)}`);
    expect(err).toBeLessThan(1e-6);
    const probe = randn(shape, 4);
    const r = checkGradients((v) => tf.sum(tf.mul(node.forward({ x: v }).y as tf.Tensor, probe)), xs, { eps: 1e-2 });
    console.log(`add grad check: max rel error ${r.maxRelError.toExponential(2)}`);
    expect(r.maxRelError).toBeLessThan(1e-2);
    expect(() => node.forward({ x: [xs[0]!, tf.ones([2, 3, 3, 1])] })).toThrow(/input 1 is \[2, 3, 3, 1\]/);
    node.dispose();
  });
});
