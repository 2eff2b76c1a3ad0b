import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestNode } from '@ganvas/core';
import { batchNorm } from './batch-norm.js';
import { arr, gradCheckNode, randn, relError, torchRef, useCpu } from './test-helpers.js';

beforeAll(useCpu);

describe('layers.batchNorm', () => {
  it('keeps the input role and shape, drops the range', () => {
    const r = batchNorm.infer!({
      nodeId: 'bn',
      params: batchNorm.params.parse({}),
      inputs: { x: { role: 'features', shape: ['B', 7, 7, 64], range: [-1, 1] } },
      bindings: new Map(),
      declaredOutputs: {},
    });
    expect(r).toEqual({ outputs: { y: { role: 'features', dtype: 'float32', shape: ['B', 7, 7, 64] } } });
  });

  it('creates trainable gamma/beta and non-trainable running stats', async () => {
    const node = await buildTestNode(batchNorm, { inputs: { x: { role: 'tensor', shape: ['B', 5] } } });
    expect([...node.weights.keys()].sort()).toEqual(['beta', 'gamma', 'runningMean', 'runningVar']);
    expect(node.trainable.map((v) => v.shape)).toEqual([[5], [5]]);
    expect(node.weights.get('runningMean')!.trainable).toBe(false);
    node.dispose();
  });

  it('matches PyTorch in training mode (output and updated running stats) and in eval mode', async () => {
    const shapes = [
      [6, 4],
      [3, 4, 5, 3],
    ];
    const results: { y: tf.Tensor; rm: tf.Tensor; rv: tf.Tensor; yEval: tf.Tensor }[] = [];
    const cases: Record<string, unknown>[] = [];
    for (const [i, shape] of shapes.entries()) {
      const c = shape[shape.length - 1]!;
      const node = await buildTestNode(batchNorm, { params: { momentum: 0.3 }, inputs: { x: { role: 'tensor', shape } } });
      // Non-trivial starting values for every weight.
      const gamma = randn([c], 40 + i, 0.5);
      const beta = randn([c], 50 + i);
      const rm0 = randn([c], 60 + i);
      const rv0 = tf.abs(randn([c], 70 + i));
      node.weights.get('gamma')!.assign(gamma);
      node.weights.get('beta')!.assign(beta);
      node.weights.get('runningMean')!.assign(rm0);
      node.weights.get('runningVar')!.assign(rv0);
      const x = tf.add(randn(shape, 30 + i, 2), 1);
      const y = node.forward({ x }, { training: true }).y as tf.Tensor;
      const rm = node.weights.get('runningMean')!.clone();
      const rv = node.weights.get('runningVar')!.clone();
      const yEval = node.forward({ x }, { training: false, purpose: 'sample' }).y as tf.Tensor;
      results.push({ y, rm, rv, yEval });
      const base = { op: 'batchNorm', x: arr(x), gamma: arr(gamma), beta: arr(beta), momentum: 0.3, epsilon: 1e-5 };
      cases.push({ ...base, training: true, runningMean: arr(rm0), runningVar: arr(rv0) });
      cases.push({ ...base, training: false, runningMean: arr(rm), runningVar: arr(rv) });
      node.dispose();
    }
    const refs = torchRef(cases);
    results.forEach((r, i) => {
      const train = refs[2 * i]!;
      const evalRef = refs[2 * i + 1]!;
      const errs = {
        train: relError(r.y, train.y),
        runningMean: relError(r.rm, train.runningMean),
        runningVar: relError(r.rv, train.runningVar),
        eval: relError(r.yEval, evalRef.y),
      };
      console.log(`batchNorm rank ${r.y.rank} vs torch: ${JSON.stringify(Object.fromEntries(Object.entries(errs).map(([k, v]) => [k, v.toExponential(2)])))}`);
      for (const e of Object.values(errs)) expect(e).toBeLessThan(1e-5);
    });
  });

  it('gradients (training and eval mode) match finite differences', async () => {
    for (const shape of [
      [5, 3],
      [2, 3, 3, 2],
    ]) {
      const node = await buildTestNode(batchNorm, { inputs: { x: { role: 'tensor', shape } } });
      node.weights.get('gamma')!.assign(randn([shape[shape.length - 1]!], 5, 0.5));
      for (const training of [true, false]) {
        const r = gradCheckNode(node, { x: randn(shape, 6) }, ['gamma', 'beta'], { ctx: { training }, eps: 1e-2 });
        console.log(`batchNorm rank ${shape.length} training=${training} grad check: max rel error ${r.maxRelError.toExponential(2)}`);
        expect(r.maxRelError).toBeLessThan(2e-2);
      }
      node.dispose();
    }
  });

  it('second-order gradients flow through training-mode batch norm (gradient penalty)', async () => {
    const node = await buildTestNode(batchNorm, { inputs: { x: { role: 'tensor', shape: ['B', 3] } } });
    const probe = randn([4, 3], 8);
    // penalty(x) = ‖∂/∂x Σ y²·probe‖²: compare its analytic gradient with finite differences.
    const penalty = (x: tf.Tensor): tf.Scalar => {
      const g = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(tf.square(node.forward({ x: xi }).y as tf.Tensor), probe)))(x);
      return tf.sum(tf.square(g));
    };
    const x = randn([4, 3], 9);
    const analytic = tf.tidy(() => tf.grad(penalty)(x).dataSync());
    const base = x.dataSync();
    const eps = 1e-2;
    let maxRel = 0;
    for (let j = 0; j < base.length; j++) {
      const at = (d: number) => {
        const v = base.slice();
        v[j] = v[j]! + d;
        return tf.tidy(() => penalty(tf.tensor(v, x.shape)).dataSync()[0]!);
      };
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      maxRel = Math.max(maxRel, Math.abs(numeric - analytic[j]!) / Math.max(1e-3, Math.abs(numeric), Math.abs(analytic[j]!)));
    }
    console.log(`batchNorm second-order grad check: max rel error ${maxRel.toExponential(2)}`);
    expect(maxRel).toBeLessThan(3e-2);
    node.dispose();
  });

  it('uses batch statistics but leaves running statistics alone when a preview runs in training mode', async () => {
    const node = await buildTestNode(batchNorm, { inputs: { x: { role: 'tensor', shape: ['B', 3] } } });
    const x = randn([8, 3], 5, 2);
    const before = node.weights.get('runningMean')!.dataSync().slice();
    const y = node.forward({ x }, { training: true, purpose: 'sample' }).y as tf.Tensor;
    // Batch statistics: every column of y has mean ~0.
    const colMeans = tf.mean(y, 0).dataSync();
    for (const m of colMeans) expect(Math.abs(m)).toBeLessThan(1e-5);
    expect(Array.from(node.weights.get('runningMean')!.dataSync())).toEqual(Array.from(before));
    node.forward({ x }, { training: true, purpose: 'train' });
    expect(Array.from(node.weights.get('runningMean')!.dataSync())).not.toEqual(Array.from(before));
    node.dispose();
  });

  it('refuses to train on one value per channel', async () => {
    const node = await buildTestNode(batchNorm, { inputs: { x: { role: 'tensor', shape: ['B', 3] } } });
    expect(() => node.forward({ x: tf.ones([1, 3]) })).toThrow(/more than one value/);
    node.dispose();
  });
});
