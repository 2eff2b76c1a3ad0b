import * as tf from '@tensorflow/tfjs-core';
import { APPLY_TYPE, NETWORK_TYPE, PortValueMap, Rng, type Network, type NodeInstance, type Range, type Trainer } from '@ganvas/core';

/**
 * Finds the generator of a compiled graph, so tools can call it with latents and labels of
 * their choosing: the `core.preview` node's image comes from a `core.apply` node; that
 * node's network is the generator; its inputs are classified by their contract role —
 * `latent` inputs must be fed by a noise source whose distribution we can reproduce
 * (`data.gaussianNoise`, `data.uniformNoise`), `onehot`/`label` inputs are the class
 * condition of a conditional generator (cGAN).
 */

/** Thrown when a graph does not have the structure the latent tools need; says what was expected. */
export class GeneratorNotFound extends Error {}

export interface LatentInput {
  /** The generator's input port. */
  port: string;
  /** Per-sample shape (without the batch dim). */
  shape: number[];
  /** Values per sample. */
  size: number;
  /** The node feeding it in the graph: a noise source, or for an autoencoder's decoder the encoder's apply node. */
  source: string;
  /** The noise it is drawn from; absent when the latent is a code computed from data (an autoencoder's). */
  distribution?: { kind: 'normal'; mean: number; std: number } | { kind: 'uniform'; min: number; max: number };
}

export interface LabelInput {
  port: string;
  /** One-hot rows [B, classes] or class indices [B] (int32). */
  encoding: 'onehot' | 'index';
  classes: number;
  /** The node feeding it in the graph. */
  source: string;
}

export interface PostLayer {
  id: string;
  inPort: string;
  outPort: string;
  instance: NodeInstance;
}

export interface Generator {
  network: Network;
  /** The network's output port the preview shows. */
  outputPort: string;
  /** Top-level layer nodes between the generator and the preview, applied in order. */
  post: PostLayer[];
  previewId: string;
  applyId: string;
  latent: LatentInput;
  /** Present for class-conditional generators. */
  label?: LabelInput;
  /** Value range of the images (from the preview's input contract). */
  range: Range;
  /** Step of the weights (the trainer's step). */
  step: number;
  /**
   * Runs `fn` with the weights the graph samples with (e.g. a generator's moving average,
   * `optim.averageWeights`) in place; the live weights are back afterwards. Absent: as is.
   */
  withWeights?: <T>(fn: () => T) => T;
}

/** `Generator` of a trainer, `previewId` choosing among several previews. */
export function findGenerator(trainer: Trainer, options: { previewId?: string } = {}): Generator {
  const previews = trainer.previews;
  if (previews.length === 0) {
    throw new GeneratorNotFound(
      'the graph has no core.preview node; the latent tools expect a preview whose image comes from a core.apply node of the generator network',
    );
  }
  const preview = options.previewId ? previews.find((p) => p.analyzed.doc.id === options.previewId) : previews[0];
  if (!preview) {
    throw new GeneratorNotFound(
      `no core.preview node "${options.previewId}"; the graph has ${previews.map((p) => p.analyzed.doc.id).join(', ')}`,
    );
  }
  const previewId = preview.analyzed.doc.id;
  const edge = preview.analyzed.incoming.get('image')?.[0]?.edge;
  if (!edge) throw new GeneratorNotFound(`preview "${previewId}" has no image connected`);
  // Walk back through top-level layer nodes with one input (e.g. the VAE's sigmoid on the
  // decoder's logits): they post-process G's output and are replayed after it.
  const post: PostLayer[] = [];
  let source = edge;
  let apply = trainer.top.nodes.get(source.source);
  while (apply && apply.analyzed.definition?.category === 'layer' && post.length < 8) {
    const inputs = [...apply.analyzed.incoming.entries()].filter(([, edges]) => edges.length > 0);
    if (inputs.length !== 1 || inputs[0]![1].length !== 1 || !apply.instance?.forward) break;
    post.unshift({ id: apply.analyzed.doc.id, inPort: inputs[0]![0], outPort: source.sourcePort, instance: apply.instance });
    source = inputs[0]![1][0]!.edge;
    apply = trainer.top.nodes.get(source.source);
  }
  const type = apply?.analyzed.definition?.type;
  if (!apply || type !== APPLY_TYPE) {
    throw new GeneratorNotFound(
      `preview "${previewId}" shows the output of node "${source.source}" (${type ?? 'unknown type'}); the latent tools expect it to come from a ${APPLY_TYPE} node that runs the generator network (optionally through single-input layer nodes)`,
    );
  }
  const applyId = apply.analyzed.doc.id;
  const netEdge = apply.analyzed.incoming.get('network')?.[0]?.edge;
  const netNode = netEdge ? trainer.top.nodes.get(netEdge.source) : undefined;
  if (!netNode?.network || netNode.analyzed.definition?.type !== NETWORK_TYPE) {
    throw new GeneratorNotFound(`apply node "${applyId}" has no ${NETWORK_TYPE} connected to its "network" port`);
  }
  const network = netNode.network;
  let latent: LatentInput | undefined;
  let label: LabelInput | undefined;
  for (const input of network.signature.inputs) {
    const inEdge = apply.analyzed.incoming.get(input.name)?.[0]?.edge;
    const source = inEdge ? trainer.top.nodes.get(inEdge.source) : undefined;
    if (!inEdge || !source) throw new GeneratorNotFound(`generator input "${input.name}" of apply node "${applyId}" is not connected`);
    const sourceType = source.analyzed.definition?.type ?? 'unknown type';
    const where = `generator "${network.name}" input "${input.name}" (role ${input.contract.role}) of apply node "${applyId}"`;
    const role = input.contract.role;
    if (role === 'latent') {
      if (latent) throw new GeneratorNotFound(`${where}: the latent tools handle one latent input; "${latent.port}" is another`);
      const params = source.analyzed.params as Record<string, number>;
      const distribution =
        sourceType === 'data.gaussianNoise'
          ? { kind: 'normal' as const, mean: params.mean ?? 0, std: params.std ?? 1 }
          : sourceType === 'data.uniformNoise'
            ? { kind: 'uniform' as const, min: params.min ?? -1, max: params.max ?? 1 }
            : undefined;
      if (!distribution) {
        throw new GeneratorNotFound(
          `${where} comes from node "${source.analyzed.doc.id}" (${sourceType}); expected data.gaussianNoise or data.uniformNoise, whose distribution the latent tools can draw from`,
        );
      }
      const shape = (source.analyzed.outContracts[inEdge.sourcePort]?.shape ?? []).slice(1);
      if (shape.length === 0 || !shape.every((d): d is number => typeof d === 'number')) {
        throw new GeneratorNotFound(`${where}: the latent shape [${shape.join(', ')}] is not concrete`);
      }
      latent = { port: input.name, shape, size: shape.reduce((a, b) => a * b, 1), source: source.analyzed.doc.id, distribution };
    } else if (role === 'onehot' || role === 'label') {
      if (label) throw new GeneratorNotFound(`${where}: the latent tools handle one label input; "${label.port}" is another`);
      const shape = input.contract.shape ?? source.analyzed.outContracts[inEdge.sourcePort]?.shape ?? [];
      const fromParams = (source.analyzed.params as { classes?: number } | undefined)?.classes;
      const classes = role === 'onehot' ? shape[1] : fromParams;
      if (typeof classes !== 'number') {
        throw new GeneratorNotFound(`${where}: cannot tell how many classes it takes (expected a [B, classes] one-hot shape or a source with a "classes" param)`);
      }
      label = { port: input.name, encoding: role === 'onehot' ? 'onehot' : 'index', classes, source: source.analyzed.doc.id };
    } else {
      throw new GeneratorNotFound(
        `${where} comes from node "${source.analyzed.doc.id}" (${sourceType}); the latent tools expect generator inputs of role "latent" (from data.gaussianNoise) and optionally "onehot"/"label" (class condition)`,
      );
    }
  }
  if (!latent) {
    throw new GeneratorNotFound(`generator "${network.name}" (applied by "${applyId}") has no input of role "latent" to interpolate in`);
  }
  const range = (preview.analyzed.inContracts.image as { range?: Range } | undefined)?.range ?? [0, 1];
  const generator: Generator = {
    network,
    outputPort: source.sourcePort,
    post,
    previewId,
    applyId,
    latent,
    range,
    step: trainer.step,
    withWeights: (fn) => trainer.withEvaluationWeights(fn),
  };
  if (label) generator.label = label;
  return generator;
}

/** Images in NHWC, with their shape. */
export interface Images {
  n: number;
  height: number;
  width: number;
  channels: number;
  range: Range;
  data: Float32Array;
}

/**
 * Runs the generator on `latents` (n × latent.size values) and, for conditional generators,
 * `labels` (n class indices), in inference mode (batch norm uses its running statistics, so
 * each image depends only on its own latent), `batch` images at a time.
 */
export function generate(gen: Generator, latents: Float32Array, labels?: ArrayLike<number>, options: { batch?: number; training?: boolean } = {}): Images {
  return gen.withWeights ? gen.withWeights(() => generateNow(gen, latents, labels, options)) : generateNow(gen, latents, labels, options);
}

function generateNow(gen: Generator, latents: Float32Array, labels: ArrayLike<number> | undefined, options: { batch?: number; training?: boolean }): Images {
  const size = gen.latent.size;
  if (latents.length % size !== 0 || latents.length === 0) {
    throw new Error(`generate: ${latents.length} latent values are not whole latents of ${size}`);
  }
  const n = latents.length / size;
  if (gen.label && (!labels || labels.length !== n)) {
    throw new Error(`generator "${gen.network.name}" is conditional: give one label (0..${gen.label.classes - 1}) per latent (${n})`);
  }
  if (labels && gen.label) {
    for (let i = 0; i < n; i++) {
      const l = labels[i]!;
      if (!Number.isInteger(l) || l < 0 || l >= gen.label.classes) throw new Error(`label ${l} is not a class of 0..${gen.label.classes - 1}`);
    }
  }
  const batch = options.batch ?? 250;
  let out: Float32Array | undefined;
  let dims: number[] = [];
  for (let start = 0; start < n; start += batch) {
    const m = Math.min(batch, n - start);
    const t = tf.tidy(() => {
      const inputs: Record<string, tf.Tensor> = {
        [gen.latent.port]: tf.tensor(latents.subarray(start * size, (start + m) * size), [m, ...gen.latent.shape], 'float32'),
      };
      if (gen.label && labels) {
        const idx = tf.tensor1d(Array.from({ length: m }, (_, i) => labels[start + i]!), 'int32');
        inputs[gen.label.port] = gen.label.encoding === 'onehot' ? tf.cast(tf.oneHot(idx, gen.label.classes), 'float32') : idx;
      }
      const ctx = { training: options.training ?? false, rng: new Rng(0), batchSize: m, step: gen.step, purpose: 'sample' as const };
      let img = gen.network.apply(inputs, ctx)[gen.outputPort];
      if (!img) throw new Error(`generator "${gen.network.name}" produced no "${gen.outputPort}"`);
      for (const layer of gen.post) {
        const out: unknown = layer.instance.forward!(new PortValueMap(layer.id, { [layer.inPort]: img }), ctx)[layer.outPort];
        if (!(out instanceof tf.Tensor)) throw new Error(`layer node "${layer.id}" produced no tensor "${layer.outPort}"`);
        img = out;
      }
      return toImages(img);
    });
    dims = t.shape.slice(1);
    out ??= new Float32Array(n * t.size / m);
    out.set(t.dataSync() as Float32Array, start * (t.size / m));
    t.dispose();
  }
  const [height, width, channels] = dims as [number, number, number];
  return { n, height, width, channels, range: gen.range, data: out! };
}

/** NHWC from what a generator returns: [B,H,W,C] as is; flat [B,F] as square greyscale when F is a square, else one row. */
function toImages(img: tf.Tensor): tf.Tensor {
  if (img.rank === 4) return img;
  if (img.rank === 3) return tf.expandDims(img, 3);
  if (img.rank === 2) {
    const f = img.shape[1]!;
    const side = Math.round(Math.sqrt(f));
    return side * side === f ? tf.reshape(img, [img.shape[0]!, side, side, 1]) : tf.reshape(img, [img.shape[0]!, 1, f, 1]);
  }
  throw new Error(`a generator output of rank ${img.rank} is not an image batch`);
}

/** `n` latents drawn from the generator's noise distribution with `seed` (row i is latent i). */
export function drawLatents(gen: Generator, n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const count = n * gen.latent.size;
  const d = gen.latent.distribution;
  if (!d) throw new Error(`the latent "${gen.latent.port}" of "${gen.network.name}" is a code computed by "${gen.latent.source}", not noise to draw from`);
  if (d.kind === 'normal') return rng.normals(count, d.mean, d.std);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = d.min + (d.max - d.min) * rng.uniform();
  return out;
}
