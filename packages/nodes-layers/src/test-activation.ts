// Test-only: the shared checks of element-wise activations (excluded from the build).
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { buildTestNode } from '@ganvas/core';
import type { NodeDefinition, Range } from '@ganvas/core';
import { arr, gradCheckNode, randn, relError, torchRef } from './test-helpers.js';

/** Values away from 0 so finite differences never straddle relu's kink. */
export function awayFromZero(shape: number[], seed: number): tf.Tensor {
  const x = randn(shape, seed);
  return tf.add(x, tf.mul(tf.sign(x), 0.1));
}

/** Numeric check of the gradient of ‖∂/∂x Σ f(x)·p‖² (what a gradient penalty differentiates). */
export function secondOrderError(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): number {
  const p = randn(x.shape, 77);
  const penalty = (xi: tf.Tensor): tf.Scalar => {
    const g = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(f(z), p)))(xi);
    return tf.sum(tf.square(g));
  };
  const analytic = tf.tidy(() => tf.grad(penalty)(x).dataSync());
  const base = x.dataSync();
  const eps = 1e-2;
  let maxRel = 0;
  for (let j = 0; j < base.length; j++) {
    const at = (d: number) =>
      tf.tidy(() => {
        const v = base.slice();
        v[j] = v[j]! + d;
        return penalty(tf.tensor(v, x.shape)).dataSync()[0]!;
      });
    const numeric = (at(eps) - at(-eps)) / (2 * eps);
    maxRel = Math.max(maxRel, Math.abs(numeric - analytic[j]!) / Math.max(1e-3, Math.abs(numeric), Math.abs(analytic[j]!)));
  }
  p.dispose();
  return maxRel;
}

/** Contract propagation, PyTorch values, first- and second-order gradients of one activation. */
export function activationTests(
  def: NodeDefinition<any>,
  opts: { params?: Record<string, unknown>; range?: Range; torch: Record<string, unknown> },
): void {
  it('propagates role and shape, sets its range', () => {
    const r = def.infer!({
      nodeId: 'a',
      params: def.params.parse(opts.params ?? {}),
      inputs: { x: { role: 'image', dtype: 'float32', shape: ['B', 28, 28, 1], range: [-5, 5] } },
      bindings: new Map(),
      declaredOutputs: {},
    });
    const y = { role: 'image', dtype: 'float32', shape: ['B', 28, 28, 1], ...(opts.range ? { range: opts.range } : {}) };
    expect(r).toEqual({ outputs: { y } });
  });

  it('matches PyTorch', async () => {
    const node = await buildTestNode(def, { params: opts.params ?? {} });
    const x = randn([3, 4, 5, 2], 5, 2);
    const y = node.forward({ x }).y as tf.Tensor;
    const [ref] = torchRef([{ ...opts.torch, x: arr(x) }]);
    const err = relError(y, ref!.y);
    console.log(`${def.type} vs torch: max rel error ${err.toExponential(2)}`);
    expect(err).toBeLessThan(1e-5);
    if (opts.range) {
      expect(tf.min(y).dataSync()[0]).toBeGreaterThanOrEqual(opts.range[0]);
      expect(tf.max(y).dataSync()[0]).toBeLessThanOrEqual(opts.range[1]);
    }
  });

  it('first- and second-order gradients match finite differences', async () => {
    const node = await buildTestNode(def, { params: opts.params ?? {} });
    const r = gradCheckNode(node, { x: awayFromZero([2, 6], 3) }, []);
    const second = secondOrderError((x) => node.forward({ x }).y as tf.Tensor, awayFromZero([2, 3], 4));
    console.log(`${def.type} grad check: max rel error ${r.maxRelError.toExponential(2)}, second order ${second.toExponential(2)}`);
    expect(r.maxRelError).toBeLessThan(1e-2);
    expect(second).toBeLessThan(2e-2);
  });
}
