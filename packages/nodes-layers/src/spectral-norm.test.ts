import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestNode, checkGradients, validateDocument } from '@ganvas/core';
import type { ForwardContext, NodeDefinition, TestNode } from '@ganvas/core';
import { conv2d } from './conv2d.js';
import { conv2dTranspose } from './conv2d-transpose.js';
import { dense } from './dense.js';
import { arr, gradCheckNode, randn, relError, torchRef, useCpu } from './test-helpers.js';
import { chainGraph, testRegistry } from './test-trainer.js';

beforeAll(useCpu);

const TRAIN: Partial<ForwardContext> = { training: true, purpose: 'train' };
const EVAL: Partial<ForwardContext> = { training: false, purpose: 'eval' };

interface Layer {
  name: 'dense' | 'conv2d' | 'conv2dTranspose';
  def: NodeDefinition<any>;
  params: Record<string, unknown>;
  shape: number[];
}

// A wide matrix (out < rest), a tall one (out > rest) and a transposed conv, whose output
// channels are not the kernel's last axis.
const LAYERS: Layer[] = [
  { name: 'dense', def: dense, params: { units: 4 }, shape: [3, 6] },
  { name: 'conv2d', def: conv2d, params: { filters: 5, kernelSize: 3, strides: 2, padding: 1 }, shape: [2, 6, 6, 3] },
  { name: 'conv2d', def: conv2d, params: { filters: 6, kernelSize: 2, strides: 1, padding: 'valid', useBias: false }, shape: [2, 4, 4, 1] },
  { name: 'conv2dTranspose', def: conv2dTranspose, params: { filters: 2, kernelSize: 4, strides: 2, padding: 1 }, shape: [2, 3, 3, 3] },
];

async function build(layer: Layer, extra: Record<string, unknown> = {}, seed = 1): Promise<TestNode> {
  return buildTestNode(layer.def, {
    params: { ...layer.params, spectralNorm: true, ...extra },
    inputs: { x: { role: 'tensor', shape: layer.shape } },
    seed,
  });
}

function values(node: TestNode, name: string): number[] {
  return Array.from(node.weights.get(name)!.dataSync());
}

/** Everything PyTorch reports for one case, computed by our layer (see test-ref/torch_ref.py). */
function ours(node: TestNode, x: tf.Tensor, r: tf.Tensor, second?: { x: tf.Tensor; r: tf.Tensor }) {
  const kernel = node.weights.get('kernel')!;
  const bias = node.weights.get('bias');
  const xs = [tf.variable(x), ...(second ? [tf.variable(second.x)] : [])];
  const rs = [r, ...(second ? [second.r] : [])];
  const ys: tf.Tensor[] = [];
  const { grads } = tf.variableGrads(() => {
    const terms = xs.map((xi, i) => {
      const y = node.forward({ x: xi }, TRAIN).y as tf.Tensor;
      ys.push(tf.keep(y));
      return tf.sum(tf.mul(y, rs[i]!));
    });
    return tf.addN(terms) as tf.Scalar;
  }, [kernel, ...(bias ? [bias] : []), ...xs]);
  const u = node.weights.get('spectralU')!.clone();
  const v = node.weights.get('spectralV')!.clone();
  const evalGrads = tf.variableGrads(() => {
    const y = node.forward({ x }, EVAL).y as tf.Tensor;
    ys.push(tf.keep(y));
    return tf.sum(tf.mul(y, r));
  }, [kernel]).grads;
  const out = {
    y: ys[0]!,
    ...(second ? { y2: ys[1]!, gradX2: grads[xs[1]!.name]! } : {}),
    gradX: grads[xs[0]!.name]!,
    gradKernel: grads[kernel.name]!,
    ...(bias ? { gradBias: grads[bias.name]! } : {}),
    u,
    v,
    yEval: ys[ys.length - 1]!,
    gradKernelEval: evalGrads[kernel.name]!,
    uAfterEval: node.weights.get('spectralU')!.clone(),
  };
  tf.dispose(xs);
  return out;
}

describe('spectral normalisation (dense, conv2d, conv2dTranspose)', () => {
  it('is off by default: old params build the same weights and outputs; on, the kernel and bias start the same', async () => {
    for (const layer of LAYERS) {
      const old = await buildTestNode(layer.def, { params: layer.params, inputs: { x: { role: 'tensor', shape: layer.shape } } });
      const off = await build(layer, { spectralNorm: false });
      const on = await build(layer);
      expect([...old.weights.keys()].sort()).toEqual(layer.params.useBias === false ? ['kernel'] : ['bias', 'kernel']);
      expect([...off.weights.keys()]).toEqual([...old.weights.keys()]);
      expect([...on.weights.keys()].sort()).toEqual([...old.weights.keys(), 'spectralU', 'spectralV'].sort());
      expect(on.trainable.length).toBe(old.trainable.length);
      for (const name of old.weights.keys()) {
        expect(values(off, name)).toEqual(values(old, name));
        expect(values(on, name)).toEqual(values(old, name));
      }
      const x = randn(layer.shape, 3);
      const yOld = old.forward({ x }).y as tf.Tensor;
      expect(Array.from((off.forward({ x }).y as tf.Tensor).dataSync())).toEqual(Array.from(yOld.dataSync()));
      // u is a unit vector over the output channels; v one over the rest of the kernel.
      const u = on.weights.get('spectralU')!;
      const kernel = on.weights.get('kernel')!;
      const out = layer.name === 'conv2dTranspose' ? kernel.shape[2]! : kernel.shape[kernel.rank - 1]!;
      expect(u.shape).toEqual([out]);
      expect(on.weights.get('spectralV')!.shape).toEqual([kernel.size / out]);
      expect(tf.norm(u).dataSync()[0]).toBeCloseTo(1, 6);
      expect(tf.norm(on.weights.get('spectralV')!).dataSync()[0]).toBeCloseTo(1, 6);
      [old, off, on].forEach((n) => n.dispose());
    }
  });

  it('matches torch.nn.utils.spectral_norm: training output, updated u and v, gradients, then eval with the stored vectors', async () => {
    const cases: { label: string; layer: Layer; iterations: number; twice?: boolean }[] = [
      ...LAYERS.map((layer) => ({ label: `${layer.name} ${JSON.stringify(layer.params)}`, layer, iterations: 1 })),
      { label: 'dense, 3 power iterations', layer: LAYERS[0]!, iterations: 3 },
      { label: 'conv2dTranspose, 2 power iterations', layer: LAYERS[3]!, iterations: 2 },
      // D on real and on fake in one loss: the second forward moves u again before backprop.
      { label: 'dense, two forwards in one loss', layer: LAYERS[0]!, iterations: 1, twice: true },
      { label: 'conv2d, two forwards in one loss', layer: LAYERS[1]!, iterations: 1, twice: true },
    ];
    const results: ReturnType<typeof ours>[] = [];
    const refCases: Record<string, unknown>[] = [];
    for (const [i, c] of cases.entries()) {
      const node = await build(c.layer, { powerIterations: c.iterations }, i + 1);
      const kernel = node.weights.get('kernel')!;
      kernel.assign(randn(kernel.shape, 20 + i, 0.3));
      const bias = node.weights.get('bias');
      if (bias) bias.assign(randn(bias.shape, 30 + i, 0.5));
      // A start for u that is not the kernel's top singular vector, and its v (ours, kept as built).
      const u0 = node.weights.get('spectralU')!;
      u0.assign(tf.div(randn(u0.shape, 40 + i), tf.norm(randn(u0.shape, 40 + i))));
      const u = arr(u0);
      const v = arr(node.weights.get('spectralV')!);
      const x = randn(c.layer.shape, 50 + i);
      const yShape = (node.forward({ x }, EVAL).y as tf.Tensor).shape;
      const r = randn(yShape, 60 + i);
      const second = c.twice ? { x: randn(c.layer.shape, 70 + i), r: randn(yShape, 80 + i) } : undefined;
      results.push(ours(node, x, r, second));
      const p = c.layer.def.params.parse(c.layer.params) as Record<string, unknown>;
      const strides = p.strides === undefined ? undefined : typeof p.strides === 'number' ? [p.strides, p.strides] : p.strides;
      refCases.push({
        op: 'spectralNorm',
        layer: c.layer.name,
        x: arr(x),
        r: arr(r),
        ...(second ? { x2: arr(second.x), r2: arr(second.r) } : {}),
        kernel: arr(kernel),
        bias: bias ? arr(bias) : null,
        strides,
        padding: p.padding,
        outputPadding: p.outputPadding ?? 0,
        u,
        v,
        iterations: c.iterations,
      });
      node.dispose();
    }
    const refs = torchRef(refCases);
    let worst = 0;
    results.forEach((mine, i) => {
      const ref = refs[i]!;
      const errs: Record<string, number> = {};
      for (const [key, value] of Object.entries(mine)) errs[key] = relError(value, ref[key]);
      expect(Object.keys(errs).sort()).toEqual(Object.keys(ref).sort());
      console.log(`spectral norm ${cases[i]!.label} vs torch: ${Object.entries(errs).map(([k, e]) => `${k} ${e.toExponential(1)}`).join(', ')}`);
      for (const [key, e] of Object.entries(errs)) {
        expect(e, `${cases[i]!.label}: ${key}`).toBeLessThan(1e-5);
        worst = Math.max(worst, e);
      }
      tf.dispose(Object.values(mine));
    });
    console.log(`spectral norm vs torch: worst relative error ${worst.toExponential(2)}`);
  });

  it('moves u and v only in training steps: not in previews (even in training mode), samples or evaluations', async () => {
    const node = await build(LAYERS[1]!);
    const x = randn(LAYERS[1]!.shape, 4);
    const before = values(node, 'spectralU');
    for (const ctx of [EVAL, { training: false, purpose: 'sample' }, { training: true, purpose: 'sample' }, { training: true, purpose: 'eval' }] as const) {
      node.forward({ x }, ctx);
      expect(values(node, 'spectralU')).toEqual(before);
    }
    node.forward({ x }, TRAIN);
    expect(values(node, 'spectralU')).not.toEqual(before);
    node.dispose();
  });

  it('divides by the largest singular value once power iteration has converged', async () => {
    // The kernel as W (out × rest) is diag(3, 1): σ = 3, so the output is a third of the plain layer's.
    const node = await buildTestNode(dense, { params: { units: 2, useBias: false, spectralNorm: true }, inputs: { x: { role: 'tensor', shape: [1, 2] } } });
    node.weights.get('kernel')!.assign(tf.tensor2d([[3, 0], [0, 1]]));
    const x = tf.tensor2d([[1, 1]]);
    for (let i = 0; i < 30; i++) node.forward({ x }, TRAIN);
    expect(Array.from((node.forward({ x }, EVAL).y as tf.Tensor).dataSync()).map((v) => +v.toFixed(5))).toEqual([1, 1 / 3].map((v) => +v.toFixed(5)));
    node.dispose();
  });

  it('gradients w.r.t. input, kernel (through σ) and bias match finite differences with u and v held', async () => {
    for (const layer of LAYERS) {
      const node = await build(layer);
      const x = randn(layer.shape, 7);
      node.forward({ x }, TRAIN); // u, v from one training step, then held: eval mode reuses them
      const u = values(node, 'spectralU');
      const names = layer.params.useBias === false ? ['kernel'] : ['kernel', 'bias'];
      const r = gradCheckNode(node, { x }, names, { ctx: EVAL, eps: 1e-2 });
      console.log(`spectral norm ${layer.name} grad check: max rel error ${r.maxRelError.toExponential(2)} over ${r.checked} entries`);
      expect(r.maxRelError).toBeLessThan(1e-2);
      expect(values(node, 'spectralU')).toEqual(u);
      node.dispose();
    }
  });

  it('second-order gradients flow through σ (a gradient penalty on a spectrally normalised critic)', async () => {
    for (const layer of [LAYERS[0]!, LAYERS[1]!]) {
      const node = await build(layer);
      const kernel = node.weights.get('kernel')!;
      const original = tf.keep(kernel.clone());
      const x = randn(layer.shape, 11);
      node.forward({ x }, TRAIN);
      const r = tf.keep(randn((node.forward({ x }, EVAL).y as tf.Tensor).shape, 12));
      // penalty(K) = ‖∂/∂x Σ y²·r‖²: its gradient w.r.t. the kernel needs second order through K/σ(K).
      const penalty = ([k]: tf.Tensor[]): tf.Scalar => {
        if (k !== kernel) kernel.assign(k!);
        const g = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(tf.square(node.forward({ x: xi }, EVAL).y as tf.Tensor), r)))(x);
        return tf.sum(tf.square(g));
      };
      const res = checkGradients(penalty, [kernel], { eps: 1e-2, samplesPerInput: 16 });
      kernel.assign(original);
      console.log(`spectral norm ${layer.name} second-order grad check: max rel error ${res.maxRelError.toExponential(2)}`);
      expect(res.maxRelError).toBeLessThan(2e-2);
      tf.dispose([original, r]);
      node.dispose();
    }
  });

  it('keeps the live tensor count flat over training forwards with gradients', async () => {
    for (const layer of LAYERS) {
      const node = await build(layer, { powerIterations: 2 });
      const x = randn(layer.shape, 8);
      const step = () =>
        tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(node.forward({ x }, TRAIN).y as tf.Tensor)) as tf.Scalar, node.trainable);
          return [value, ...Object.values(grads)];
        });
      tf.dispose(step());
      const count = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) {
        tf.dispose(step());
        tf.tidy(() => {
          node.forward({ x }, EVAL);
        });
        expect(tf.memory().numTensors).toBe(count);
      }
      node.dispose();
      x.dispose();
    }
  });

  it('refuses powerIterations 0, naming the node and the param', async () => {
    const doc = chainGraph([{ id: 'critic', type: 'layers.dense', params: { units: 3, spectralNorm: true, powerIterations: 0 } }], 4);
    // (The analysis adds follow-on errors for the edge into the node and the network; the
    // first one is the cause.)
    const errors = validateDocument(doc, testRegistry()).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.filter((d) => d.code === 'E006')).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'E006', nodeId: 'critic', path: ['networks', 'net', 'nodes', 1, 'params', 'powerIterations'] });
    expect(errors[0]!.message).toMatch(/node "critic" \(layers\.dense\): param "powerIterations" must be at least 1/);
    await expect(build(LAYERS[1]!, { powerIterations: 0 })).rejects.toThrow(/powerIterations/);
  });
});
