import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestNode } from '@ganvas/core';
import type { Shape } from '@ganvas/core';
import { conv2d } from './conv2d.js';
import type { Conv2dParams } from './conv2d.js';
import { arr, gradCheckNode, randn, relError, torchRef, useCpu } from './test-helpers.js';

beforeAll(useCpu);

function infer(params: Partial<Conv2dParams>, shape: Shape) {
  return conv2d.infer!({
    nodeId: 'c1',
    params: conv2d.params.parse(params),
    inputs: { x: { role: 'image', shape } },
    bindings: new Map(),
    declaredOutputs: {},
  });
}

describe('layers.conv2d', () => {
  it('infers output sizes for same, valid and numeric padding', () => {
    expect(infer({ filters: 8, kernelSize: 4, strides: 2, padding: 'same' }, ['B', 28, 28, 1])).toEqual({
      outputs: { y: { role: 'tensor', dtype: 'float32', shape: ['B', 14, 14, 8] } },
    });
    expect(infer({ filters: 8, kernelSize: 4, strides: 2, padding: 1 }, ['B', 28, 28, 1])).toMatchObject({
      outputs: { y: { shape: ['B', 14, 14, 8] } },
    });
    expect(infer({ filters: 8, kernelSize: 5, strides: 1, padding: 'valid' }, [2, 28, 27, 3])).toMatchObject({
      outputs: { y: { shape: [2, 24, 23, 8] } },
    });
    expect(infer({ filters: 8, kernelSize: 3, strides: 1, padding: 'same' }, ['B', 'H', 'W', 3])).toMatchObject({
      outputs: { y: { shape: ['B', 'H', 'W', 8] } },
    });
    expect(infer({ filters: 8, kernelSize: 3, strides: 2, padding: 'same' }, ['B', 'H', 'W', 3])).toMatchObject({
      outputs: { y: { shape: ['B', 'H_c1', 'W_c1', 8] } },
    });
  });

  it('reports inputs that are too small or of the wrong rank', () => {
    expect(infer({ filters: 8, kernelSize: 5, padding: 'valid' }, ['B', 3, 3, 1])).toMatchObject({ errors: [{ port: 'x' }] });
    expect(infer({ filters: 8 }, ['B', 784])).toMatchObject({ errors: [{ port: 'x' }] });
  });

  it('needs a concrete channel count to build', async () => {
    await expect(buildTestNode(conv2d, { params: { filters: 4 }, inputs: { x: { role: 'tensor', shape: ['B', 8, 8, 'C'] } } })).rejects.toThrow(
      /channel count/,
    );
  });

  it('matches PyTorch F.conv2d (valid, numeric padding, stride 2, rectangular kernel)', async () => {
    const cases: { params: Partial<Conv2dParams>; shape: number[] }[] = [
      { params: { filters: 4, kernelSize: 3, strides: 1, padding: 'valid' }, shape: [2, 6, 7, 3] },
      { params: { filters: 5, kernelSize: 4, strides: 2, padding: 1 }, shape: [2, 8, 8, 3] },
      { params: { filters: 3, kernelSize: [3, 2], strides: [2, 1], padding: 2, useBias: false }, shape: [1, 5, 6, 2] },
    ];
    const outs: tf.Tensor[] = [];
    const refCases: Record<string, unknown>[] = [];
    for (const [i, c] of cases.entries()) {
      const node = await buildTestNode(conv2d, { params: c.params, inputs: { x: { role: 'tensor', shape: c.shape } }, seed: i + 1 });
      const x = randn(c.shape, 10 + i);
      outs.push(node.forward({ x }).y as tf.Tensor);
      const p = conv2d.params.parse(c.params);
      refCases.push({
        op: 'conv2d',
        x: arr(x),
        kernel: arr(node.weights.get('kernel')!),
        bias: p.useBias ? arr(node.weights.get('bias')!) : null,
        strides: typeof p.strides === 'number' ? [p.strides, p.strides] : p.strides,
        padding: p.padding,
      });
      node.dispose();
    }
    const refs = torchRef(refCases);
    outs.forEach((y, i) => {
      const err = relError(y, refs[i]!.y);
      console.log(`conv2d case ${i} vs torch: max rel error ${err.toExponential(2)}`);
      expect(err).toBeLessThan(1e-5);
    });
  });

  it('gradients w.r.t. input, kernel and bias match finite differences', async () => {
    for (const padding of ['same', 1] as const) {
      const node = await buildTestNode(conv2d, {
        params: { filters: 3, kernelSize: 3, strides: 2, padding },
        inputs: { x: { role: 'tensor', shape: ['B', 5, 5, 2] } },
      });
      const r = gradCheckNode(node, { x: randn([2, 5, 5, 2], 3) }, ['kernel', 'bias']);
      console.log(`conv2d (${padding}) grad check: max rel error ${r.maxRelError.toExponential(2)}`);
      expect(r.maxRelError).toBeLessThan(1e-2);
      node.dispose();
    }
  });
});
