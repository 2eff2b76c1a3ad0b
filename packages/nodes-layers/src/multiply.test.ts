import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestNode, checkGradients } from '@ganvas/core';
import { multiply, productShape } from './multiply.js';
import { arr, randn, relError, useCpu } from './test-helpers.js';
import { i2iTorchRef } from './test-i2i-ref.js';

beforeAll(useCpu);

const infer = (shapes: (string | number)[][]) =>
  multiply.infer!({
    nodeId: 'gate',
    params: {},
    inputs: { x: shapes.map((shape) => ({ role: 'features' as const, shape })) },
    bindings: new Map(),
    declaredOutputs: {},
  });

describe('layers.multiply', () => {
  it('infers the broadcast shape, and refuses a rank or a dim that differs, naming the inputs', () => {
    expect(infer([['B', 8, 8, 4], ['B', 1, 1, 4]])).toEqual({ outputs: { y: { role: 'features', dtype: 'float32', shape: ['B', 8, 8, 4] } } });
    expect(infer([['B', 1, 1, 4], ['B', 8, 8, 1]])).toEqual({ outputs: { y: { role: 'features', dtype: 'float32', shape: ['B', 8, 8, 4] } } });
    expect(productShape([['B', 4], [16, 4]])).toEqual({ shape: [16, 4] });
    expect(JSON.stringify(infer([['B', 8, 8, 4], ['B', 4]]))).toMatch(/input 1 is \[B, 4\] but input 0 is \[B, 8, 8, 4\]: multiplied tensors must have one rank/);
    expect(JSON.stringify(infer([['B', 8, 8, 4], ['B', 8, 8, 3]]))).toMatch(/dim 3: input 1 has 3 where input 0 has 4; each dim must be equal or 1/);
    expect(JSON.stringify(infer([['B', 4]]))).toMatch(/connect at least two tensors \(got 1\)/);
  });

  it('matches PyTorch in value and in the gradient to each input, a broadcast one summed over its repeated dims', async () => {
    const shapes = [
      [2, 3, 3, 4],
      [2, 1, 1, 4],
      [1, 3, 3, 1],
    ];
    const node = await buildTestNode(multiply, { inputs: { x: shapes.map((shape) => ({ role: 'tensor', shape })) } });
    const xs = shapes.map((s, i) => randn(s, i + 1));
    const probe = randn([2, 3, 3, 4], 9);
    const y = node.forward({ x: xs }).y as tf.Tensor;
    expect(y.shape).toEqual([2, 3, 3, 4]);
    const [ref] = i2iTorchRef([{ op: 'multiply', xs: xs.map(arr), probe: arr(probe) }]) as { y: unknown; grads: unknown[] }[];
    const err = relError(y, ref!.y);
    const objective = (v: tf.Tensor[]) => tf.sum(tf.mul(node.forward({ x: v }).y as tf.Tensor, probe)) as tf.Scalar;
    const grads = tf.grads((...v: tf.Tensor[]) => objective(v))(xs);
    const gradErr = Math.max(...grads.map((g, i) => relError(g, ref!.grads[i])));
    console.log(`multiply vs torch: value ${err.toExponential(2)}, gradients ${gradErr.toExponential(2)}`);
    expect(err).toBeLessThan(1e-6);
    expect(gradErr).toBeLessThan(1e-5);
    expect(grads.map((g) => g.shape)).toEqual(shapes);
    const r = checkGradients(objective, xs, { eps: 1e-2 });
    console.log(`multiply grad check: max rel error ${r.maxRelError.toExponential(2)}`);
    expect(r.maxRelError).toBeLessThan(1e-2);
    expect(() => node.forward({ x: [xs[0]!, tf.ones([2, 3, 3, 2])] })).toThrow(/layers\.multiply .*dim 3: input 1 has 2 where input 0 has 4/);
    node.dispose();
  });
});
