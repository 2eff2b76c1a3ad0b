import '../test-gradients.js';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { compare, onBothBackends, randomValues } from '../test-helpers.js';
import { selectBackend } from '../select-backend.js';

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
}

const cases: Case[] = [
  { x: [1, 5, 5, 1], filter: [3, 3, 1, 1], strides: 1, pad: 'valid' },
  { x: [2, 7, 7, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { x: [3, 9, 8, 2], filter: [4, 4, 2, 5], strides: 2, pad: 'same' },
  { x: [2, 9, 9, 3], filter: [3, 3, 3, 2], strides: 2, pad: 'valid' },
  { x: [2, 10, 11, 2], filter: [5, 3, 2, 3], strides: [2, 3], pad: 'same' },
  { x: [4, 11, 11, 3], filter: [4, 4, 3, 6], strides: 2, pad: 'valid' },
  { x: [2, 8, 8, 2], filter: [2, 2, 2, 3], strides: 3, pad: 'valid' },
  { x: [2, 9, 7, 2], filter: [3, 3, 2, 3], strides: 2, pad: 1 },
  { x: [2, 8, 9, 3], filter: [3, 2, 3, 2], strides: 2, pad: [[0, 0], [2, 0], [1, 3], [0, 0]] },
  { x: [5, 28, 28, 1], filter: [4, 4, 1, 8], strides: 2, pad: 'same' },
];

function label(c: Case): string {
  return `x ${c.x.join('×')}, filter ${c.filter.join('×')}, strides ${String(c.strides)}, pad ${JSON.stringify(c.pad)}`;
}

/** dL/dw for L = Σ conv2d(x, w) · dy, which is exactly Conv2DBackpropFilter(x, dy). */
function filterGrad(c: Case, seed: number): tf.Tensor {
  const x = tf.tensor4d(randomValues(tf.util.sizeFromShape(c.x), seed), c.x);
  const w = tf.tensor4d(randomValues(tf.util.sizeFromShape(c.filter), seed + 1), c.filter);
  // dimRoundingMode is only allowed (and needed) with a numeric pad.
  const rounding = typeof c.pad === 'number' ? 'floor' : undefined;
  const conv = (f: tf.Tensor) => tf.conv2d(x, f as tf.Tensor4D, c.strides, c.pad, 'NHWC', 1, rounding);
  const outShape = conv(w).shape;
  const dy = tf.tensor(randomValues(tf.util.sizeFromShape(outShape), seed + 2), outShape);
  return tf.grad((f: tf.Tensor) => tf.sum(tf.mul(conv(f), dy)))(w);
}

describe('Conv2DBackpropFilter on wasm', () => {
  it.each(cases.map((c, i) => [label(c), c, i] as const))('matches cpu: %s', async (_name, c, i) => {
    const { cpu, wasm } = await onBothBackends(() => filterGrad(c, 100 + 7 * i));
    const diff = compare(wasm[0]!, cpu[0]!);
    expect(diff.violations, JSON.stringify(diff)).toBe(0);
    // Guards against comparing two empty or all-zero results.
    expect(Math.max(...cpu[0]!.map(Math.abs))).toBeGreaterThan(0.1);
  });

  it('is what tf.fused.conv2d uses for its filter gradient', async () => {
    const x = randomValues(2 * 9 * 9 * 3, 5);
    const w = randomValues(3 * 3 * 3 * 4, 6);
    const b = randomValues(4, 7);
    const { cpu, wasm } = await onBothBackends(() => {
      const xs = tf.tensor4d(x, [2, 9, 9, 3]);
      const loss = (f: tf.Tensor, bias: tf.Tensor) =>
        tf.sum(tf.square(tf.fused.conv2d({ x: xs, filter: f as tf.Tensor4D, strides: 2, pad: 'same', bias, activation: 'relu' })));
      return tf.grads(loss)([tf.tensor4d(w, [3, 3, 3, 4]), tf.tensor1d(b)]);
    });
    for (let k = 0; k < 2; k++) expect(compare(wasm[k]!, cpu[k]!).violations).toBe(0);
  });

  it('releases every intermediate buffer', async () => {
    await selectBackend('wasm');
    const c = cases[8]!;
    const backend = tf.backend();
    const run = () => tf.dispose(tf.tidy(() => filterGrad(c, 1)));
    run();
    const tensors = tf.memory().numTensors;
    const buffers = backend.numDataIds();
    for (let i = 0; i < 20; i++) run();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(buffers);
  });

  it('returns zeros when every window lies in the padding', async () => {
    await selectBackend('wasm');
    const x = tf.ones([1, 2, 2, 1]);
    const dy = tf.ones([1, 1, 1, 1]);
    const attrs = { strides: 1, pad: [[0, 0], [5, 0], [5, 0], [0, 0]], dataFormat: 'NHWC', filterShape: [2, 2, 1, 1] };
    const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
    expect(Array.from(await dw.data())).toEqual([0, 0, 0, 0]);
    tf.dispose([x, dy, dw]);
  });
});
