import * as tf from '@tensorflow/tfjs-core';
import { Rng, type Network } from '@ganvas/core';
import type { Translate } from './translation-quality.js';

/** Which ports of a translator network take the images and the target labels, and give the result. */
export interface TranslatorPorts {
  image: string;
  /** StarGAN's condition input c, [B, width]. */
  label?: { port: string; width: number };
  output: string;
  /** Height, width, channels of its images. */
  shape: [number, number, number];
}

type Condition = (rows: Float32Array, count: number) => Float32Array;

interface ApplyOptions {
  batch?: number;
  step?: number;
  /** Maps the caller's label rows to what the label port takes (e.g. the mask vector c̃). */
  condition?: Condition;
}

/**
 * Runs `net` in inference mode (batch norm on running statistics, no dropout) on `count` NHWC
 * images, `batch` at a time, and hands each batch's `output` to `take` (then frees it). With a
 * label port, `rows` (mapped by `condition`) go in beside the images. Every tensor is freed.
 */
function applyInBatches(
  net: Network,
  ports: TranslatorPorts,
  options: ApplyOptions,
  images: Float32Array,
  count: number,
  rows: Float32Array | undefined,
  take: (y: tf.Tensor, start: number, n: number) => void,
): void {
  const per = ports.shape[0] * ports.shape[1] * ports.shape[2];
  const batch = options.batch ?? 50;
  if (images.length !== count * per) throw new Error(`network "${net.name}" takes ${ports.shape.join('×')} images: got ${images.length} values for ${count}`);
  const label = ports.label;
  let c: Float32Array | undefined;
  if (label) {
    if (!rows) throw new Error(`network "${net.name}" needs labels for its "${label.port}" input`);
    c = options.condition ? options.condition(rows, count) : rows;
    if (c.length !== count * label.width) throw new Error(`network "${net.name}" input "${label.port}" takes ${label.width} labels per image; got ${c.length / Math.max(1, count)}`);
  }
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const y = tf.tidy(() => {
      const args: Record<string, tf.Tensor> = { [ports.image]: tf.tensor4d(images.subarray(start * per, (start + n) * per), [n, ...ports.shape]) };
      if (label && c) args[label.port] = tf.tensor2d(c.subarray(start * label.width, (start + n) * label.width), [n, label.width]);
      const ctx = { training: false, rng: new Rng(0), batchSize: n, step: options.step ?? 0, purpose: 'sample' as const };
      const result = net.apply(args, ctx)[ports.output];
      if (!result) throw new Error(`network "${net.name}" produced no "${ports.output}"`);
      return result;
    });
    try {
      take(y, start, n);
    } finally {
      y.dispose();
    }
  }
}

/**
 * A `Translate` that runs `net` in inference mode, `batch` images at a time, every tensor
 * freed. `condition` maps the caller's target rows to what the label port takes (e.g. the mask
 * vector c̃); by default they go in as given.
 */
export function networkTranslate(net: Network, ports: TranslatorPorts, options: ApplyOptions = {}): Translate {
  const per = ports.shape[0] * ports.shape[1] * ports.shape[2];
  return (images, count, rows) => {
    if (ports.label && !rows) throw new Error(`network "${net.name}" needs target labels for its "${ports.label.port}" input`);
    const out = new Float32Array(count * per);
    applyInBatches(net, ports, options, images, count, rows, (y, start, n) => {
      if (y.size !== n * per) throw new Error(`network "${net.name}" output "${ports.output}" has shape [${y.shape.join(', ')}], not ${n} images of ${ports.shape.join('×')}`);
      out.set(y.dataSync() as Float32Array, start * per);
    });
    return out;
  };
}

/**
 * StarGAN's mask vector for rows of dataset `dataset`: c̃ = [c₁, …, cₙ, m] with the rows in
 * their slot, zeros in the other datasets' slots, m the one-hot of the dataset — what
 * `images.maskVector` computes in the graph.
 */
export function maskVectorRows(rows: Float32Array, count: number, sizes: readonly number[], dataset: number): Float32Array {
  const own = sizes[dataset];
  if (own === undefined) throw new Error(`mask vector: dataset ${dataset} is not a slot of sizes [${sizes.join(', ')}]`);
  if (rows.length !== count * own) throw new Error(`mask vector: dataset ${dataset} has ${own} labels, got ${rows.length / Math.max(1, count)} per row`);
  const total = sizes.reduce((a, b) => a + b, 0);
  const width = total + sizes.length;
  const before = sizes.slice(0, dataset).reduce((a, b) => a + b, 0);
  const out = new Float32Array(count * width);
  for (let i = 0; i < count; i++) {
    out.set(rows.subarray(i * own, (i + 1) * own), i * width + before);
    out[i * width + total + dataset] = 1;
  }
  return out;
}

/**
 * Runs `net` in inference mode on NHWC images (fed to port `image`, each `shape`) and returns
 * columns [from, to) of its `output` port, one row per image: e.g. the label logits of a
 * StarGAN discriminator's classification head, or one dataset's slot of them under a mask
 * vector. A network with a label port (a conditional discriminator) also takes one row of
 * labels per image, mapped by `condition`. `batch` images at a time, every tensor freed.
 */
export function networkRows(
  net: Network,
  ports: TranslatorPorts,
  columns: { from: number; to: number },
  options: ApplyOptions = {},
): (images: Float32Array, count: number, labels?: Float32Array) => Float32Array {
  const keep = columns.to - columns.from;
  return (images, count, labels) => {
    const out = new Float32Array(count * keep);
    applyInBatches(net, ports, options, images, count, labels, (y, start, n) => {
      const width = y.size / n;
      if (width < columns.to) {
        throw new Error(`network "${net.name}" output "${ports.output}" has ${width} values per image; columns ${columns.from}–${columns.to - 1} were asked for`);
      }
      const values = y.dataSync() as Float32Array;
      for (let i = 0; i < n; i++) out.set(values.subarray(i * width + columns.from, i * width + columns.to), (start + i) * keep);
    });
    return out;
  };
}
