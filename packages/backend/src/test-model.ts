import * as tf from '@tensorflow/tfjs-core';
import { randomValues } from './test-helpers.js';

/** Shapes of the parameters of {@link mixedNetLoss}. */
export const mixedNetShapes: Record<string, number[]> = {
  w1: [3, 3, 2, 4],
  b1: [4],
  w2: [3, 3, 2, 4],
  wt: [3, 3, 3, 4],
  emb: [10, 5],
  dense: [4 * 4 * 3 + 5, 1],
};

/** Deterministic parameter values for {@link mixedNetShapes}. */
export function mixedNetParams(seed: number): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  let k = 0;
  for (const [name, shape] of Object.entries(mixedNetShapes)) {
    out[name] = randomValues(tf.util.sizeFromShape(shape), seed + k++).map((v) => v * 0.5);
  }
  return out;
}

/**
 * A loss touching every op a DCGAN/VAE training step uses on our side: strided conv,
 * fused conv with bias + relu, batch norm from moments, leaky relu, transposed conv,
 * the usual activations, pad/slice/tile, embedding gather, one-hot, concat, dense,
 * seeded noise and the reductions and elementwise ops of the losses.
 */
export function mixedNetLoss(x: tf.Tensor4D, labels: tf.Tensor1D, p: Record<string, tf.Tensor>): tf.Scalar {
  const get = (name: string): tf.Tensor => {
    const t = p[name];
    if (t === undefined) throw new Error(`missing parameter ${name}`);
    return t;
  };
  const batch = x.shape[0];
  let h = tf.conv2d(x, get('w2') as tf.Tensor4D, 2, 'same');
  const fused = tf.fused.conv2d({ x, filter: get('w1') as tf.Tensor4D, strides: 2, pad: 'same', bias: get('b1'), activation: 'relu' });
  h = tf.add(fused, h);
  const { mean, variance } = tf.moments(h, [0, 1, 2]);
  h = tf.div(tf.sub(h, mean), tf.sqrt(tf.add(variance, 1e-5)));
  h = tf.leakyRelu(h, 0.2);
  h = tf.conv2dTranspose(h, get('wt') as tf.Tensor4D, [batch, 8, 8, 3], 2, 'same');
  h = tf.add(tf.add(tf.relu(h), tf.tanh(h)), tf.add(tf.sigmoid(h), tf.softplus(h)));
  h = tf.slice(tf.pad(h, [[0, 0], [1, 1], [1, 1], [0, 0]]), [0, 1, 1, 0], [batch, 8, 8, 3]);
  h = tf.tile(h, [1, 1, 1, 1]);
  h = tf.conv2d(h, tf.fill([2, 2, 3, 3], 0.25) as tf.Tensor4D, 2, 'valid');
  const flat = tf.reshape(h, [batch, -1]);
  const embedded = tf.gather(get('emb'), labels);
  const z = tf.add(tf.matMul(tf.concat([flat, embedded], 1), get('dense')), tf.sum(tf.oneHot(labels, 10), 1, true));
  const noise = tf.randomNormal([batch, 1], 0, 1, 'float32', 7);
  const terms = [
    tf.mean(tf.square(tf.add(z, noise))),
    tf.mean(tf.abs(z)),
    tf.neg(tf.mean(tf.log(tf.clipByValue(tf.sigmoid(z), 1e-6, 1)))),
    tf.sum(tf.maximum(z, 0)),
    tf.sum(tf.minimum(z, 0)),
    tf.mean(tf.sqrt(tf.add(tf.square(z), 1))),
  ];
  return terms.reduce((a, b) => tf.add(a, b)) as tf.Scalar;
}
