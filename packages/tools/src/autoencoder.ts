import * as tf from '@tensorflow/tfjs-core';
import { APPLY_TYPE, NETWORK_TYPE, Rng, type Network, type Range, type Trainer } from '@ganvas/core';
import { GeneratorNotFound, generate, type Generator, type Images, type PostLayer } from './find-generator.js';
import { interpolateLatents, type InterpolationMode } from './latent.js';

/**
 * The encoder and decoder of an autoencoder graph (the AE, or the VAE), so tools can take real
 * images to their codes and codes back to images: the standard autoencoder demo of walking
 * between two real digits. Found by structure, not by name: a `core.apply` of a decoder network
 * whose latent input comes from a `core.apply` of an encoder network (directly, as in the AE, or
 * through `layers.reparameterize`, whose mean input is then the code, as in the VAE).
 */
export interface Autoencoder {
  encoder: {
    network: Network;
    /** The apply node that runs it in the graph. */
    apply: string;
    /** Its image input and the output that is the code (the VAE's mean, never a sample). */
    image: string;
    code: string;
    imageShape: number[];
  };
  /** The decoder, callable like a generator (`generate`) on codes; `latent.source` is the encoder's apply node. */
  decoder: Generator;
  /** The data node (and port) that feeds the encoder in training: where real images come from. */
  source: { node: string; port: string };
  /** Value range of the images, in and out. */
  range: Range;
}

const REPARAMETERIZE = 'layers.reparameterize';

type BuiltNode = Trainer['top']['nodes'] extends Map<string, infer N> ? N : never;

function networkOf(trainer: Trainer, apply: BuiltNode): Network | undefined {
  const edge = apply.analyzed.incoming.get('network')?.[0]?.edge;
  const net = edge ? trainer.top.nodes.get(edge.source) : undefined;
  return net?.analyzed.definition?.type === NETWORK_TYPE ? net.network : undefined;
}

/** Top-level nodes reading `port` of node `id`. */
function readersOf(trainer: Trainer, id: string, port: string): { node: BuiltNode; inPort: string }[] {
  const out: { node: BuiltNode; inPort: string }[] = [];
  for (const node of trainer.top.nodes.values()) {
    for (const [inPort, edges] of node.analyzed.incoming) {
      if (edges.some((e) => e.edge.source === id && e.edge.sourcePort === port)) out.push({ node, inPort });
    }
  }
  return out;
}

/**
 * Single-input layer nodes after the decoder's output, replayed after it (the sigmoid that turns
 * logits into the images the preview shows). The longest such chain after any apply of the decoder.
 */
function postLayers(trainer: Trainer, decoder: Network, outPort: string): PostLayer[] {
  let best: PostLayer[] = [];
  for (const node of trainer.top.nodes.values()) {
    if (node.analyzed.definition?.type !== APPLY_TYPE || networkOf(trainer, node) !== decoder) continue;
    const chain: PostLayer[] = [];
    let from = { id: node.analyzed.doc.id, port: outPort };
    while (chain.length < 8) {
      const next = readersOf(trainer, from.id, from.port).find(({ node: n }) => {
        const connected = [...n.analyzed.incoming.values()].filter((edges) => edges.length > 0);
        return n.analyzed.definition?.category === 'layer' && connected.length === 1 && n.instance?.forward !== undefined;
      });
      if (!next) break;
      const outs = next.node.analyzed.definition!.outputs;
      if (outs.length !== 1) break;
      chain.push({ id: next.node.analyzed.doc.id, inPort: next.inPort, outPort: outs[0]!.name, instance: next.node.instance! });
      from = { id: next.node.analyzed.doc.id, port: outs[0]!.name };
    }
    if (chain.length > best.length) best = chain;
  }
  return best;
}

/** The graph's autoencoder; a `GeneratorNotFound` that says what was looked for when there is none. */
export function findAutoencoder(trainer: Trainer): Autoencoder {
  const applies = [...trainer.top.nodes.values()].filter((n) => n.analyzed.definition?.type === APPLY_TYPE);
  for (const apply of applies) {
    const decoder = networkOf(trainer, apply);
    if (!decoder) continue;
    const latent = decoder.signature.inputs.find((p) => p.contract.role === 'latent');
    if (!latent || decoder.signature.inputs.length !== 1) continue;
    let edge = apply.analyzed.incoming.get(latent.name)?.[0]?.edge;
    let from = edge ? trainer.top.nodes.get(edge.source) : undefined;
    if (from?.analyzed.definition?.type === REPARAMETERIZE) {
      edge = from.analyzed.incoming.get('mu')?.[0]?.edge;
      from = edge ? trainer.top.nodes.get(edge.source) : undefined;
    }
    if (!edge || !from || from.analyzed.definition?.type !== APPLY_TYPE) continue;
    const encoder = networkOf(trainer, from);
    const image = encoder?.signature.inputs.find((p) => p.contract.role === 'image');
    if (!encoder || !image) continue;
    const sourceEdge = from.analyzed.incoming.get(image.name)?.[0]?.edge;
    if (!sourceEdge) continue;
    const imageShape = (image.contract.shape ?? []).slice(1);
    if (!imageShape.every((d): d is number => typeof d === 'number')) {
      throw new GeneratorNotFound(`encoder "${encoder.name}" input "${image.name}" has no concrete image shape [${imageShape.join(', ')}]`);
    }
    const codeShape = (latent.contract.shape ?? []).slice(1);
    if (codeShape.length === 0 || !codeShape.every((d): d is number => typeof d === 'number')) {
      throw new GeneratorNotFound(`decoder "${decoder.name}" input "${latent.name}" has no concrete code shape [${codeShape.join(', ')}]`);
    }
    if (decoder.signature.outputs.length !== 1) {
      throw new GeneratorNotFound(`decoder "${decoder.name}" has ${decoder.signature.outputs.length} outputs; the autoencoder tools expect one (the image or its logits)`);
    }
    const outPort = decoder.signature.outputs[0]!.name;
    const range = (image.contract.range as Range | undefined) ?? [0, 1];
    return {
      encoder: { network: encoder, apply: from.analyzed.doc.id, image: image.name, code: edge.sourcePort, imageShape },
      decoder: {
        network: decoder,
        outputPort: outPort,
        post: postLayers(trainer, decoder, outPort),
        previewId: '',
        applyId: apply.analyzed.doc.id,
        latent: { port: latent.name, shape: codeShape, size: codeShape.reduce((a, b) => a * b, 1), source: from.analyzed.doc.id },
        range,
        step: trainer.step,
        withWeights: (fn) => trainer.withEvaluationWeights(fn),
      },
      source: { node: sourceEdge.source, port: sourceEdge.sourcePort },
      range,
    };
  }
  throw new GeneratorNotFound(
    'the graph has no autoencoder: the tools look for a core.apply of a decoder network whose only input (role "latent") comes from a core.apply of an encoder network with an image input, directly or through layers.reparameterize (its "mu" is the code)',
  );
}

/** The codes of `n` images (NHWC values in the autoencoder's range), in inference mode, `batch` at a time. */
export function encodeImages(ae: Autoencoder, images: Float32Array, n: number, options: { batch?: number } = {}): Float32Array {
  const per = ae.encoder.imageShape.reduce((a, b) => a * b, 1);
  if (n <= 0 || images.length !== n * per) {
    throw new Error(`encode: ${images.length} values are not ${n} images of ${ae.encoder.imageShape.join('×')}`);
  }
  const size = ae.decoder.latent.size;
  const out = new Float32Array(n * size);
  const batch = options.batch ?? 250;
  const run = () => {
    for (let start = 0; start < n; start += batch) {
      const m = Math.min(batch, n - start);
      const code = tf.tidy(() => {
        const x = tf.tensor(images.subarray(start * per, (start + m) * per), [m, ...ae.encoder.imageShape], 'float32');
        const ctx = { training: false, rng: new Rng(0), batchSize: m, step: ae.decoder.step, purpose: 'sample' as const };
        const y = ae.encoder.network.apply({ [ae.encoder.image]: x }, ctx)[ae.encoder.code];
        if (!y) throw new Error(`encoder "${ae.encoder.network.name}" produced no "${ae.encoder.code}"`);
        if (y.size !== m * size) throw new Error(`encoder output "${ae.encoder.code}" has ${y.size / m} values per image; the decoder takes codes of ${size}`);
        return tf.reshape(y, [m * size]);
      });
      out.set(code.dataSync() as Float32Array, start * size);
      code.dispose();
    }
  };
  if (ae.decoder.withWeights) ae.decoder.withWeights(run);
  else run();
  return out;
}

export interface BetweenOptions {
  /** Codes from the first to the second image, endpoints included (≥ 2). */
  steps: number;
  mode?: InterpolationMode;
}

/**
 * A strip from one real image to another through code space: a, then the decoder on `steps`
 * codes from code(a) to code(b), then b. The first and last decoded images are the
 * reconstructions of a and b.
 */
export function betweenImages(ae: Autoencoder, a: Float32Array, b: Float32Array, options: BetweenOptions): Images & { codes: Float32Array[] } {
  const per = a.length;
  if (b.length !== per) throw new Error(`between: the two images differ in size (${a.length} and ${b.length} values)`);
  const pair = new Float32Array(2 * per);
  pair.set(a, 0);
  pair.set(b, per);
  const codes = encodeImages(ae, pair, 2);
  const size = ae.decoder.latent.size;
  const path = interpolateLatents(codes.subarray(0, size), codes.subarray(size), options.steps, options.mode ?? 'linear');
  const flat = new Float32Array(path.length * size);
  path.forEach((c, i) => flat.set(c, i * size));
  const decoded = generate(ae.decoder, flat);
  if (decoded.height * decoded.width * decoded.channels !== per) {
    throw new Error(`the decoder makes ${decoded.height}×${decoded.width}×${decoded.channels} images; the encoder takes ${ae.encoder.imageShape.join('×')}`);
  }
  const data = new Float32Array((path.length + 2) * per);
  data.set(a, 0);
  data.set(decoded.data, per);
  data.set(b, (path.length + 1) * per);
  return { ...decoded, n: path.length + 2, data, codes: path };
}
