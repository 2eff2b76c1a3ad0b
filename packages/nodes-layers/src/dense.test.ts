import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestNode } from '@ganvas/core';
import type { InferContext } from '@ganvas/core';
import { dense } from './dense.js';
import type { DenseParams } from './dense.js';
import { arr, gradCheckNode, randn, relError, torchRef, useCpu } from './test-helpers.js';

beforeAll(useCpu);

function inferCtx(params: Partial<DenseParams>, shape: (number | string)[]): InferContext<DenseParams> {
  return {
    nodeId: 'fc',
    params: dense.params.parse(params),
    inputs: { x: { role: 'tensor', shape } },
    bindings: new Map(),
    declaredOutputs: {},
  };
}

describe('layers.dense', () => {
  it('infers [B, units] and keeps B symbolic', () => {
    expect(dense.infer!(inferCtx({ units: 5 }, ['B', 8]))).toEqual({
      outputs: { y: { role: 'tensor', dtype: 'float32', shape: ['B', 5] } },
    });
  });

  it('refuses rank-4 input and tells the user to flatten', () => {
    const r = dense.infer!(inferCtx({ units: 5 }, ['B', 7, 7, 64]));
    expect(r).toMatchObject({ errors: [{ port: 'x' }] });
    const msg = 'errors' in r ? r.errors[0]!.message : '';
    expect(msg).toContain('[B, 7, 7, 64]');
    expect(msg).toContain('layers.flatten');
  });

  it('creates [F, units] kernel and [units] bias; torch init stays within ±1/√F', async () => {
    const node = await buildTestNode(dense, { params: { units: 6 }, inputs: { x: { role: 'tensor', shape: ['B', 16] } } });
    expect(node.weights.get('kernel')!.shape).toEqual([16, 6]);
    expect(node.weights.get('bias')!.shape).toEqual([6]);
    expect(tf.max(tf.abs(node.weights.get('kernel')!)).dataSync()[0]).toBeLessThanOrEqual(0.25);
    node.dispose();
    const normal = await buildTestNode(dense, {
      params: { units: 64, init: 'normal', initStd: 0.02, useBias: false },
      inputs: { x: { role: 'tensor', shape: ['B', 64] } },
    });
    expect(normal.weights.has('bias')).toBe(false);
    const std = tf.sqrt(tf.moments(normal.weights.get("kernel")!).variance).dataSync()[0]!;
    expect(std).toBeGreaterThan(0.018);
    expect(std).toBeLessThan(0.022);
    normal.dispose();
  });

  it('matches PyTorch F.linear', async () => {
    const node = await buildTestNode(dense, { params: { units: 5 }, inputs: { x: { role: 'tensor', shape: ['B', 7] } } });
    const x = randn([3, 7], 1);
    const y = node.forward({ x }).y as tf.Tensor;
    expect(y.shape).toEqual([3, 5]);
    const [ref] = torchRef([
      { op: 'dense', x: arr(x), kernel: arr(node.weights.get('kernel')!), bias: arr(node.weights.get('bias')!) },
    ]);
    const err = relError(y, ref!.y);
    console.log(`dense vs torch: max rel error ${err.toExponential(2)}`);
    expect(err).toBeLessThan(1e-5);
    node.dispose();
  });

  it('gradients w.r.t. input, kernel and bias match finite differences', async () => {
    const node = await buildTestNode(dense, { params: { units: 4 }, inputs: { x: { role: 'tensor', shape: ['B', 5] } } });
    const r = gradCheckNode(node, { x: randn([3, 5], 2) }, ['kernel', 'bias']);
    console.log(`dense grad check: max rel error ${r.maxRelError.toExponential(2)} (${r.checked} entries)`);
    expect(r.maxRelError).toBeLessThan(1e-2);
    node.dispose();
  });
});
