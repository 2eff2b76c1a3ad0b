import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@ganvas/core';

/**
 * The small convnet every ganvas measuring classifier is made of: strided 'same' convolutions
 * with ReLU, a dense feature layer with ReLU, and a dense output layer of logits. Written in
 * tfjs-core ops (no layers API), so it trains on every backend that can train a convnet (wasm
 * with @ganvas/backend's kernels, cpu, webgl). Strided convolutions instead of pooling keep the
 * backward pass to kernels the wasm backend has (it has no MaxPool gradient worth using).
 *
 * Weights are named `c1…cN/kernel|bias`, `d1/…` (features) and `d2/…` (logits), created in that
 * order: the MNIST classifier's files and initial values depend on it.
 */

export interface ConvSpec {
  filters: number;
  kernel: number;
  stride: number;
}

export interface ConvNetSpec {
  /** Input height, width, channels (NHWC, values in [0, 1]). */
  input: [number, number, number];
  convs: ConvSpec[];
  /**
   * Global pooling of the last conv maps before the dense layers: a shape detector that fires
   * anywhere in the image then counts the same everywhere. Unset: the maps are flattened.
   */
  globalPool?: 'max' | 'mean';
  /** Width of the feature layer. */
  features: number;
  /** Logits. */
  outputs: number;
}

interface WeightSpec {
  name: string;
  shape: number[];
  /** Fan-in for He-normal init; 0 for biases (zeros). */
  fanIn: number;
}

/** Plain weight values by name: what the cache stores. */
export type ClassifierWeights = Record<string, { shape: number[]; values: Float32Array }>;

/** Height, width and channels after the convolutions ('same' padding: ⌈size / stride⌉). */
export function convOutput(spec: ConvNetSpec): [number, number, number] {
  let [h, w, c] = spec.input;
  for (const conv of spec.convs) {
    h = Math.ceil(h / conv.stride);
    w = Math.ceil(w / conv.stride);
    c = conv.filters;
  }
  return [h, w, c];
}

/** Values per image entering the dense layers. */
function flatSize(spec: ConvNetSpec): number {
  const [h, w, c] = convOutput(spec);
  return spec.globalPool ? c : h * w * c;
}

export function weightSpecs(spec: ConvNetSpec): WeightSpec[] {
  const out: WeightSpec[] = [];
  let channels = spec.input[2];
  spec.convs.forEach((conv, i) => {
    const fanIn = conv.kernel * conv.kernel * channels;
    out.push({ name: `c${i + 1}/kernel`, shape: [conv.kernel, conv.kernel, channels, conv.filters], fanIn });
    out.push({ name: `c${i + 1}/bias`, shape: [conv.filters], fanIn: 0 });
    channels = conv.filters;
  });
  const flat = flatSize(spec);
  out.push({ name: 'd1/kernel', shape: [flat, spec.features], fanIn: flat });
  out.push({ name: 'd1/bias', shape: [spec.features], fanIn: 0 });
  out.push({ name: 'd2/kernel', shape: [spec.features, spec.outputs], fanIn: spec.features });
  out.push({ name: 'd2/bias', shape: [spec.outputs], fanIn: 0 });
  return out;
}

/** He-normal kernels, zero biases, from `seed`, in weight order. */
export function initConvNetWeights(spec: ConvNetSpec, seed: number): ClassifierWeights {
  const rng = new Rng(seed);
  const out: ClassifierWeights = {};
  for (const w of weightSpecs(spec)) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    out[w.name] = { shape: [...w.shape], values: w.fanIn ? rng.normals(n, 0, Math.sqrt(2 / w.fanIn)) : new Float32Array(n) };
  }
  return out;
}

/**
 * A variable holding `init`'s values, with `init` itself released: tf.variable shares the
 * tensor's data and keeps its own reference, so the initial tensor would otherwise stay
 * counted (8 tensors per classifier built).
 */
export function owned(init: tf.Tensor, trainable: boolean): tf.Variable {
  const v = tf.variable(init, trainable);
  init.dispose();
  return v;
}

/** Values per input image. */
export function inputSize(spec: ConvNetSpec): number {
  return spec.input[0] * spec.input[1] * spec.input[2];
}

/** The convnet's live weights on the current tfjs backend. */
export class ConvNet {
  readonly variables: Record<string, tf.Variable>;
  private readonly specs: WeightSpec[];

  constructor(
    readonly spec: ConvNetSpec,
    weights: ClassifierWeights,
  ) {
    this.specs = weightSpecs(spec);
    this.variables = {};
    try {
      for (const w of this.specs) {
        const given = weights[w.name];
        if (!given || given.shape.join() !== w.shape.join()) {
          throw new Error(`classifier weights: "${w.name}" should have shape [${w.shape}], got ${given ? `[${given.shape}]` : 'nothing'}`);
        }
        this.variables[w.name] = owned(tf.tensor(given.values, w.shape, 'float32'), true);
      }
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  protected v(name: string): tf.Variable {
    return this.variables[name]!;
  }

  /** Features and logits of `x` ([B,H,W,C] in [0,1]). Call inside tf.tidy. */
  apply(x: tf.Tensor4D): { features: tf.Tensor2D; logits: tf.Tensor2D } {
    let h: tf.Tensor4D = x;
    this.spec.convs.forEach((conv, i) => {
      h = tf.relu(tf.add(tf.conv2d(h, this.v(`c${i + 1}/kernel`) as tf.Tensor4D, conv.stride, 'same'), this.v(`c${i + 1}/bias`))) as tf.Tensor4D;
    });
    const pool = this.spec.globalPool;
    const flat = pool === 'max' ? tf.max(h, [1, 2]) : pool === 'mean' ? tf.mean(h, [1, 2]) : tf.reshape(h, [x.shape[0], flatSize(this.spec)]);
    const features = tf.relu(tf.add(tf.matMul(flat, this.v('d1/kernel') as tf.Tensor2D), this.v('d1/bias'))) as tf.Tensor2D;
    const logits = tf.add(tf.matMul(features, this.v('d2/kernel') as tf.Tensor2D), this.v('d2/bias')) as tf.Tensor2D;
    return { features, logits };
  }

  /**
   * Runs `fn` on `count` images given as NHWC values in `range`, mapped to the [0,1] the net
   * was trained on (clamped), `batch` at a time; returns each output tensor's values, rows
   * concatenated. `what` names the caller in the size error.
   */
  protected batched(
    images: Float32Array,
    count: number,
    options: { range?: readonly [number, number]; batch?: number },
    fn: (x: tf.Tensor4D) => tf.Tensor[],
    what: string,
  ): Float32Array[] {
    const per = inputSize(this.spec);
    if (images.length !== count * per) {
      const [h, w, c] = this.spec.input;
      throw new Error(`${what} takes ${h}×${w}×${c} images: got ${images.length} values for ${count} images`);
    }
    const [lo, hi] = options.range ?? [0, 1];
    const batch = options.batch ?? 250;
    let outs: Float32Array[] | undefined;
    for (let start = 0; start < count; start += batch) {
      const n = Math.min(batch, count - start);
      const results = tf.tidy(() => {
        const raw = tf.tensor4d(images.subarray(start * per, (start + n) * per), [n, ...this.spec.input]);
        return fn(tf.clipByValue(tf.div(tf.sub(raw, lo), hi - lo), 0, 1) as tf.Tensor4D);
      });
      outs ??= results.map((t) => new Float32Array((count * t.size) / n));
      results.forEach((t, k) => {
        outs![k]!.set(Float32Array.from(t.dataSync()), (start * t.size) / n);
        t.dispose();
      });
    }
    return outs ?? [];
  }

  /** A copy of the current weights. */
  weights(): ClassifierWeights {
    const out: ClassifierWeights = {};
    for (const w of this.specs) out[w.name] = { shape: [...w.shape], values: (this.v(w.name).dataSync() as Float32Array).slice() };
    return out;
  }

  trainable(): tf.Variable[] {
    return this.specs.map((w) => this.v(w.name));
  }

  dispose(): void {
    for (const v of Object.values(this.variables)) v.dispose();
  }
}
