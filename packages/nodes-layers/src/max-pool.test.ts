import { execFileSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestNode } from '@ganvas/core';
import type { Shape } from '@ganvas/core';
import { maxPool2d, type MaxPool2dParams } from './max-pool.js';
import { gradCheckNode, randn, relError, useCpu } from './test-helpers.js';

beforeAll(useCpu);

function infer(params: Partial<MaxPool2dParams>, shape: Shape) {
  return maxPool2d.infer!({
    nodeId: 'p1',
    params: maxPool2d.params.parse(params),
    inputs: { x: { role: 'tensor', shape } },
    bindings: new Map(),
    declaredOutputs: {},
  });
}

/** PyTorch's max_pool2d on an NHWC tensor (values, and the gradient of sum(y·r)). */
function torchMaxPool(x: tf.Tensor, r: tf.Tensor, k: number, s: number): { y: number[]; dx: number[] } {
  const script = [
    'import json,sys,torch',
    'a=json.load(sys.stdin)',
    'x=torch.tensor(a["x"],dtype=torch.float64).permute(0,3,1,2).requires_grad_()',
    'y=torch.nn.functional.max_pool2d(x,a["k"],a["s"])',
    'r=torch.tensor(a["r"],dtype=torch.float64).permute(0,3,1,2)',
    '(y*r).sum().backward()',
    'print(json.dumps({"y":y.permute(0,2,3,1).flatten().tolist(),"dx":x.grad.permute(0,2,3,1).flatten().tolist()}))',
  ].join('\n');
  const out = execFileSync('/usr/bin/python3', ['-c', script], {
    input: JSON.stringify({ x: x.arraySync(), r: r.arraySync(), k, s }),
    encoding: 'utf8',
  });
  return JSON.parse(out) as { y: number[]; dx: number[] };
}

describe('layers.maxPool2d', () => {
  it('infers pooled sizes (odd sizes floor as in VGG and PyTorch) and keeps symbols symbolic', () => {
    expect(infer({}, ['B', 28, 27, 64])).toEqual({ outputs: { y: { role: 'tensor', dtype: 'float32', shape: ['B', 14, 13, 64] } } });
    expect(infer({ poolSize: 3, strides: 2, padding: 'same' }, [1, 7, 7, 2])).toMatchObject({ outputs: { y: { shape: [1, 4, 4, 2] } } });
    expect(infer({}, ['B', 'H', 'W', 3])).toMatchObject({ outputs: { y: { shape: ['B', 'H_p1', 'W_p1', 3] } } });
  });

  it('refuses inputs smaller than the window or of the wrong rank', () => {
    expect(infer({ poolSize: 4 }, ['B', 3, 8, 1])).toMatchObject({ errors: [{ port: 'x' }] });
    expect(infer({}, ['B', 16])).toMatchObject({ errors: [{ port: 'x' }] });
  });

  it('matches PyTorch max_pool2d in values and gradients (odd input size)', async () => {
    const node = await buildTestNode(maxPool2d, { params: {}, inputs: { x: { role: 'tensor', shape: [2, 7, 6, 3] } } });
    const x = randn([2, 7, 6, 3], 5);
    const r = randn([2, 3, 3, 3], 6);
    const ref = torchMaxPool(x, r, 2, 2);
    const y = node.forward({ x }).y as tf.Tensor;
    expect(y.shape).toEqual([2, 3, 3, 3]);
    expect(relError(y, ref.y)).toBeLessThan(1e-6);
    const dx = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(node.forward({ x: xx }).y as tf.Tensor, r)))(x);
    expect(relError(dx, ref.dx)).toBeLessThan(1e-6);
    tf.dispose([x, r, y, dx]);
    node.dispose();
  });

  it('passes a numeric gradient check', async () => {
    const node = await buildTestNode(maxPool2d, { params: { poolSize: 2 }, inputs: { x: { role: 'tensor', shape: [1, 4, 4, 2] } } });
    const x = randn([1, 4, 4, 2], 11);
    const res = gradCheckNode(node, { x }, [], { eps: 1e-3 });
    expect(res.maxRelError).toBeLessThan(1e-2);
    x.dispose();
    node.dispose();
  });
});
