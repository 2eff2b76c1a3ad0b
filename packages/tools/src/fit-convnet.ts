import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '@ganvas/core';
import { CosineAdam } from './cosine-adam.js';
import { inputSize, type ConvNet } from './convnet.js';

/** Per-epoch progress of a classifier's training. */
export interface EpochReport {
  epoch: number;
  /** Mean training loss over the epoch. */
  loss: number;
  ms: number;
}

export interface FitOptions {
  epochs: number;
  batch: number;
  lr: number;
}

export interface FitData {
  count: number;
  /** Values per target row (one-hot classes, attribute vector). */
  targetWidth: number;
  /**
   * Writes example `index` as batch row `row`: its pixels (in [0,1], augmented as the caller
   * likes, from `rng`) into `x` at `row × inputSize`, its target into `y` at `row × targetWidth`
   * (`y` is zeroed before each batch).
   */
  fill(index: number, row: number, x: Float32Array, y: Float32Array, rng: Rng): void;
}

/**
 * Trains `net` in place with Adam under a half-cosine decay, epochs over a permutation of the
 * examples drawn from `rng`, whole batches only (a ragged last batch would be a different-size
 * kernel call for one update and changes nothing measurable). `loss(y, logits)` is the
 * objective. The random draws are: one permutation per epoch, then whatever `fill` draws, in
 * example order — so a classifier's training is reproducible from its seed.
 */
export function fitConvNet(
  net: ConvNet,
  rng: Rng,
  o: FitOptions,
  data: FitData,
  loss: (y: tf.Tensor2D, logits: tf.Tensor2D) => tf.Scalar,
  onEpoch?: (r: EpochReport) => void,
): void {
  const vars = net.trainable();
  const updatesPerEpoch = Math.floor(data.count / o.batch);
  const optimizer = new CosineAdam(vars, o.lr, Math.max(1, o.epochs * updatesPerEpoch));
  const per = inputSize(net.spec);
  const x = new Float32Array(o.batch * per);
  const y = new Float32Array(o.batch * data.targetWidth);
  try {
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      const t0 = Date.now();
      const order = rng.permutation(data.count);
      let sum = 0;
      let batches = 0;
      for (let start = 0; start + o.batch <= data.count; start += o.batch) {
        y.fill(0);
        for (let i = 0; i < o.batch; i++) data.fill(order[start + i]!, i, x, y, rng);
        const value = tf.tidy(() => {
          const xs = tf.tensor4d(x, [o.batch, ...net.spec.input]);
          const ys = tf.tensor2d(y, [o.batch, data.targetWidth]);
          const { value, grads } = tf.variableGrads(() => loss(ys, net.apply(xs).logits), vars);
          optimizer.apply(vars.map((v) => grads[v.name]!));
          return value;
        });
        sum += value.dataSync()[0]!;
        value.dispose();
        batches++;
      }
      onEpoch?.({ epoch, loss: batches ? sum / batches : NaN, ms: Date.now() - t0 });
    }
  } finally {
    optimizer.dispose();
  }
}
