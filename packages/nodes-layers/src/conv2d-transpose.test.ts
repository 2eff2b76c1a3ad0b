import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestNode } from '@ganvas/core';
import type { Shape } from '@ganvas/core';
import { conv2dTranspose } from './conv2d-transpose.js';
import type { Conv2dTransposeParams } from './conv2d-transpose.js';
import { arr, gradCheckNode, randn, relError, torchRef, useCpu } from './test-helpers.js';

beforeAll(useCpu);

function infer(params: Partial<Conv2dTransposeParams>, shape: Shape) {
  return conv2dTranspose.infer!({
    nodeId: 'up1',
    params: conv2dTranspose.params.parse({ filters: 4, ...params }),
    inputs: { x: { role: 'tensor', shape } },
    bindings: new Map(),
    declaredOutputs: {},
  });
}

describe('layers.conv2dTranspose', () => {
  it('infers DCGAN sizes 7 → 14 → 28 with k4 s2 p1, and same/valid sizes', () => {
    expect(infer({ kernelSize: 4, strides: 2, padding: 1 }, ['B', 7, 7, 256])).toEqual({
      outputs: { y: { role: 'tensor', dtype: 'float32', shape: ['B', 14, 14, 4] } },
    });
    expect(infer({ kernelSize: 4, strides: 2, padding: 1 }, ['B', 14, 14, 128])).toMatchObject({
      outputs: { y: { shape: ['B', 28, 28, 4] } },
    });
    expect(infer({ kernelSize: 5, strides: 2, padding: 'same' }, ['B', 7, 7, 8])).toMatchObject({ outputs: { y: { shape: ['B', 14, 14, 4] } } });
    expect(infer({ kernelSize: 3, strides: 2, padding: 'valid', outputPadding: 1 }, ['B', 7, 7, 8])).toMatchObject({
      outputs: { y: { shape: ['B', 16, 16, 4] } },
    });
    expect(infer({}, ['B', 'H', 'W', 8])).toMatchObject({ outputs: { y: { shape: ['B', 'H_up1', 'W_up1', 4] } } });
  });

  it('refuses outputPadding ≥ stride', () => {
    expect(infer({ strides: 2, outputPadding: 2 }, ['B', 7, 7, 8])).toMatchObject({ errors: [{}] });
  });

  it('matches PyTorch ConvTranspose2d, including DCGAN k4 s2 p1 (no kernel flip)', async () => {
    const cases: { params: Partial<Conv2dTransposeParams>; shape: number[] }[] = [
      { params: { filters: 3, kernelSize: 4, strides: 2, padding: 1 }, shape: [2, 7, 7, 4] },
      { params: { filters: 2, kernelSize: 3, strides: 1, padding: 'valid' }, shape: [1, 4, 5, 3] },
      { params: { filters: 2, kernelSize: 3, strides: 2, padding: 1, outputPadding: 1 }, shape: [2, 4, 4, 3] },
      { params: { filters: 2, kernelSize: 3, strides: 2, padding: 0, outputPadding: 1, useBias: false }, shape: [1, 3, 4, 2] },
      { params: { filters: 2, kernelSize: [4, 3], strides: [2, 3], padding: 2 }, shape: [1, 5, 4, 3] },
    ];
    const outs: tf.Tensor[] = [];
    const refCases: Record<string, unknown>[] = [];
    for (const [i, c] of cases.entries()) {
      const node = await buildTestNode(conv2dTranspose, { params: c.params, inputs: { x: { role: 'tensor', shape: c.shape } }, seed: i + 1 });
      const x = randn(c.shape, 20 + i);
      const y = node.forward({ x }).y as tf.Tensor;
      const p = conv2dTranspose.params.parse(c.params);
      const inferred = infer(c.params, c.shape);
      expect('outputs' in inferred && inferred.outputs.y!.shape).toEqual(y.shape);
      outs.push(y);
      refCases.push({
        op: 'conv2dTranspose',
        x: arr(x),
        kernel: arr(node.weights.get('kernel')!),
        bias: p.useBias ? arr(node.weights.get('bias')!) : null,
        strides: typeof p.strides === 'number' ? [p.strides, p.strides] : p.strides,
        padding: p.padding,
        outputPadding: p.outputPadding,
      });
      node.dispose();
    }
    expect(outs[0]!.shape).toEqual([2, 14, 14, 3]);
    const refs = torchRef(refCases);
    outs.forEach((y, i) => {
      const err = relError(y, refs[i]!.y);
      console.log(`conv2dTranspose case ${i} vs torch: max rel error ${err.toExponential(2)}`);
      expect(err).toBeLessThan(1e-5);
    });
  });

  it('gradients w.r.t. input, kernel and bias match finite differences', async () => {
    for (const padding of [1, 'same'] as const) {
      const node = await buildTestNode(conv2dTranspose, {
        params: { filters: 2, kernelSize: 4, strides: 2, padding },
        inputs: { x: { role: 'tensor', shape: ['B', 3, 3, 3] } },
      });
      const r = gradCheckNode(node, { x: randn([2, 3, 3, 3], 4) }, ['kernel', 'bias']);
      console.log(`conv2dTranspose (${padding}) grad check: max rel error ${r.maxRelError.toExponential(2)}`);
      expect(r.maxRelError).toBeLessThan(1e-2);
      node.dispose();
    }
  });
});
