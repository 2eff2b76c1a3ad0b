import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestNode } from '@ganvas/core';
import { upsample } from './upsample.js';
import { arr, gradCheckNode, randn, relError, useCpu } from './test-helpers.js';
import { i2iTorchRef } from './test-i2i-ref.js';

beforeAll(useCpu);

const infer = (shape: (string | number)[], params: Record<string, unknown> = {}) =>
  upsample.infer!({ nodeId: 'up', params: upsample.params.parse(params), inputs: { x: { role: 'features', shape } }, bindings: new Map(), declaredOutputs: {} });

describe('layers.upsample', () => {
  it('multiplies H and W by the factor, and refuses maps that are not NHWC and bad factors', () => {
    expect(infer(['B', 8, 6, 3], { factor: 2 })).toEqual({ outputs: { y: { role: 'features', dtype: 'float32', shape: ['B', 16, 12, 3] } } });
    expect(infer([4, 3, 5, 2], { factor: 3, mode: 'bilinear' })).toEqual({ outputs: { y: { role: 'features', dtype: 'float32', shape: [4, 9, 15, 2] } } });
    expect(JSON.stringify(infer(['B', 64]))).toMatch(/expected \[B, H, W, C\] \(rank 4, NHWC\), got \[B, 64\]/);
    expect(() => upsample.params.parse({ factor: 1 })).toThrow(/2/);
    expect(() => upsample.params.parse({ factor: 1.5 })).toThrow();
    expect(() => upsample.params.parse({ mode: 'bicubic' })).toThrow(/nearest|bilinear/);
  });

  it.each([
    ['nearest', 2],
    ['nearest', 3],
    ['bilinear', 2],
    ['bilinear', 3],
  ] as const)('%s ×%i matches PyTorch nn.Upsample, value and gradient, and finite differences', async (mode, factor) => {
    const shape = [2, 3, 4, 2];
    const node = await buildTestNode(upsample, { params: { factor, mode }, inputs: { x: { role: 'tensor', shape } } });
    const x = randn(shape, 11);
    const y = node.forward({ x }).y as tf.Tensor;
    expect(y.shape).toEqual([2, 3 * factor, 4 * factor, 2]);
    const probe = randn(y.shape, 12);
    const grad = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(node.forward({ x: v }).y as tf.Tensor, probe)))(x);
    const [ref] = i2iTorchRef([{ op: 'upsample', x: arr(x), factor, mode, probe: arr(probe) }]);
    const errY = relError(y, ref!.y);
    const errG = relError(grad, ref!.grad);
    console.log(`upsample ${mode} x${factor} vs torch: value ${errY.toExponential(2)}, gradient ${errG.toExponential(2)}`);
    expect(errY).toBeLessThan(1e-6);
    expect(errG).toBeLessThan(1e-6);
    // Its interpolation matrices are temporaries: a forward pass in a scope leaves no tensor behind.
    const live = tf.memory().numTensors;
    tf.tidy(() => {
      node.forward({ x });
    });
    expect(tf.memory().numTensors).toBe(live);
    const r = gradCheckNode(node, { x }, [], { eps: 1e-2 });
    expect(r.maxRelError).toBeLessThan(1e-2);
    tf.dispose([x, y, probe, grad]);
    node.dispose();
  });

  it.each(['nearest', 'bilinear'] as const)('%s: the gradient of a penalty on its input gradient matches finite differences (second order)', async (mode) => {
    const node = await buildTestNode(upsample, { params: { factor: 2, mode }, inputs: { x: { role: 'tensor', shape: [1, 2, 3, 1] } } });
    const probe = randn([1, 4, 6, 1], 5);
    // f(x) = Σ up(x)² · R is not linear in x, so ‖∇f‖² has a non-trivial gradient.
    const inner = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.square(node.forward({ x: v }).y as tf.Tensor), probe)));
    const penalty = (v: tf.Tensor) => tf.tidy(() => tf.sum(tf.square(inner(v))));
    const x = randn([1, 2, 3, 1], 6);
    const analytic = tf.grad(penalty)(x).dataSync();
    const eps = 1e-3;
    const xs = x.dataSync();
    let worst = 0;
    for (let i = 0; i < xs.length; i++) {
      const at = (d: number) => {
        const moved = Float32Array.from(xs);
        moved[i]! += d;
        return tf.tidy(() => penalty(tf.tensor(moved, x.shape)).dataSync()[0]!);
      };
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      worst = Math.max(worst, Math.abs(numeric - analytic[i]!) / Math.max(1, Math.abs(numeric)));
    }
    expect(worst).toBeLessThan(1e-2);
    x.dispose();
    probe.dispose();
    node.dispose();
  });
});
