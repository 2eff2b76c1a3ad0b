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
  { x: [2, 8, 8, 2], filter: [2, 2, 2, 3], strides: 3, pad: 'valid' },
  { x: [2, 9, 7, 2], filter: [3, 3, 2, 3], strides: 2, pad: 1 },
  { x: [2, 8, 9, 3], filter: [3, 2, 3, 2], strides: 2, pad: [[0, 0], [2, 0], [1, 3], [0, 0]] },
  // a one-channel image (DCGAN's last generator layer / first discriminator layer)
  { x: [2, 12, 12, 1], filter: [4, 4, 1, 6], strides: 2, pad: 1 },
  // filter smaller than the stride: some phases have no taps at all
  { x: [2, 7, 10, 2], filter: [1, 2, 2, 3], strides: [2, 3], pad: 'valid' },
  { x: [1, 6, 6, 2], filter: [5, 5, 2, 2], strides: 3, pad: 'same' },
];

/** dL/dx for L = Σ conv2d(x, w) · dy, which is exactly Conv2DBackpropInput(dy, w). */
function inputGrad(c: Case, seed: number): tf.Tensor {
  const x = tf.tensor4d(randomValues(tf.util.sizeFromShape(c.x), seed), c.x);
  const w = tf.tensor4d(randomValues(tf.util.sizeFromShape(c.filter), seed + 1), c.filter);
  const rounding = typeof c.pad === 'number' ? 'floor' : undefined;
  const conv = (input: tf.Tensor) => tf.conv2d(input as tf.Tensor4D, w, c.strides, c.pad, 'NHWC', 1, rounding);
  const outShape = conv(x).shape;
  const dy = tf.tensor(randomValues(tf.util.sizeFromShape(outShape), seed + 2), outShape);
  return tf.grad((input: tf.Tensor) => tf.sum(tf.mul(conv(input), dy)))(x);
}

describe('Conv2DBackpropInput on wasm (replacing the built-in)', () => {
  it.each(cases.map((c, i) => [JSON.stringify(c), c, i] as const))('matches cpu: %s', async (_name, c, i) => {
    const { cpu, wasm } = await onBothBackends(() => inputGrad(c, 300 + 5 * i));
    const diff = compare(wasm[0]!, cpu[0]!);
    expect(diff.violations, JSON.stringify(diff)).toBe(0);
    expect(Math.max(...cpu[0]!.map(Math.abs))).toBeGreaterThan(0.1);
  });

  it('computes conv2dTranspose (a generator upsampling layer) like cpu', async () => {
    const x = randomValues(3 * 7 * 7 * 8, 21);
    const w = randomValues(4 * 4 * 5 * 8, 22);
    const { cpu, wasm } = await onBothBackends(() =>
      tf.conv2dTranspose(tf.tensor4d(x, [3, 7, 7, 8]), tf.tensor4d(w, [4, 4, 5, 8]), [3, 14, 14, 5], 2, 'same'),
    );
    const diff = compare(wasm[0]!, cpu[0]!);
    expect(diff.violations, JSON.stringify(diff)).toBe(0);
  });

  it('releases every intermediate buffer', async () => {
    await selectBackend('wasm');
    const backend = tf.backend();
    const run = () => tf.dispose(tf.tidy(() => inputGrad(cases[2]!, 1)));
    run();
    const tensors = tf.memory().numTensors;
    const buffers = backend.numDataIds();
    for (let i = 0; i < 20; i++) run();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(buffers);
  });
});
