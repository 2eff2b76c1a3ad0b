import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { Rng, buildTestNode, compile, type Network, type Registry, type TestNode, type Trainer } from '@ganvas/core';
import { createNodeRegistry, nodeHost } from '@ganvas/host-node';
import { gradientPenalty } from '@ganvas/nodes-gan';

/**
 * Small critics for the gradient-penalty tests, described once as a layer list that becomes
 * both a ganvas network definition (real layer nodes, compiled by the engine) and the
 * PyTorch module of gradient_penalty_ref.py.
 */

export type LayerSpec =
  | { type: 'conv2d'; name: string; filters: number; kernel: number; stride: number; padding: number }
  | { type: 'dense'; name: string; units: number }
  | { type: 'flatten' | 'relu' | 'tanh' | 'sigmoid'; name: string }
  | { type: 'leakyRelu'; name: string; alpha: number };

export interface CriticSpec {
  name: string;
  /** Per-sample input shape (NHWC without the batch). */
  input: number[];
  layers: LayerSpec[];
}

/** conv(4, 3×3, stride 2) → leaky ReLU → conv(8, 3×3, stride 2) → ReLU → flatten → dense 1, on 8×8×1. */
export const convCritic: CriticSpec = {
  name: 'conv',
  input: [8, 8, 1],
  layers: [
    { type: 'conv2d', name: 'conv1', filters: 4, kernel: 3, stride: 2, padding: 1 },
    { type: 'leakyRelu', name: 'act1', alpha: 0.2 },
    { type: 'conv2d', name: 'conv2', filters: 8, kernel: 3, stride: 2, padding: 1 },
    { type: 'relu', name: 'act2' },
    { type: 'flatten', name: 'flat' },
    { type: 'dense', name: 'score', units: 1 },
  ],
};

/** flatten → dense 16 → tanh → dense 8 → leaky ReLU → dense 1, on 4×4×1 (tanh checks the second-order fix). */
export const mlpCritic: CriticSpec = {
  name: 'mlp',
  input: [4, 4, 1],
  layers: [
    { type: 'flatten', name: 'flat' },
    { type: 'dense', name: 'fc1', units: 16 },
    { type: 'tanh', name: 'act1' },
    { type: 'dense', name: 'fc2', units: 8 },
    { type: 'leakyRelu', name: 'act2', alpha: 0.2 },
    { type: 'dense', name: 'score', units: 1 },
  ],
};

function layerParams(l: LayerSpec): Record<string, unknown> {
  switch (l.type) {
    case 'conv2d':
      return { filters: l.filters, kernelSize: l.kernel, strides: l.stride, padding: l.padding };
    case 'dense':
      return { units: l.units };
    case 'leakyRelu':
      return { alpha: l.alpha };
    default:
      return {};
  }
}

/** A minimal trainable document around the critic (noise → critic → loss → SGD), so the engine compiles it. */
export function criticDocument(spec: CriticSpec): unknown {
  const ids = ['x', ...spec.layers.map((l) => l.name), 'out'];
  const nodes = [
    { id: 'x', type: 'core.input', version: 1, params: { name: 'x', role: 'tensor', shape: ['B', ...spec.input] } },
    ...spec.layers.map((l) => ({ id: l.name, type: `layers.${l.type}`, version: 1, params: layerParams(l) })),
    { id: 'out', type: 'core.output', version: 1, params: { name: 'score' } },
  ];
  const edges = ids.slice(1).map((id, i) => ({
    source: ids[i]!,
    sourcePort: 'y',
    target: id,
    targetPort: 'x',
  }));
  return {
    format: 'ganvas.graph',
    schemaVersion: 2,
    name: `${spec.name} critic`,
    training: { batchSize: 4, steps: 1, seed: 3 },
    networks: { critic: { nodes, edges } },
    nodes: [
      { id: 'noise', type: 'data.gaussianNoise', version: 1, params: { dims: spec.input } },
      { id: 'C', type: 'core.network', version: 1, params: { definition: 'critic' } },
      { id: 'apply', type: 'core.apply', version: 1, params: {} },
      { id: 'loss', type: 'gan.wasserstein', version: 1, params: { side: 'generator' } },
      { id: 'opt', type: 'optim.sgd', version: 1, params: { lr: 0.01 } },
      { id: 'schedule', type: 'optim.schedule', version: 1, params: {} },
    ],
    edges: [
      { source: 'C', sourcePort: 'net', target: 'apply', targetPort: 'network' },
      { source: 'noise', sourcePort: 'z', target: 'apply', targetPort: 'x' },
      { source: 'apply', sourcePort: 'score', target: 'loss', targetPort: 'fake' },
      { source: 'loss', sourcePort: 'loss', target: 'opt', targetPort: 'loss' },
      { source: 'C', sourcePort: 'net', target: 'opt', targetPort: 'params' },
      { source: 'opt', sourcePort: 'phase', target: 'schedule', targetPort: 'phases' },
    ],
  };
}

const here = path.dirname(fileURLToPath(import.meta.url));

export async function testRegistry(): Promise<Registry> {
  return (await createNodeRegistry({ searchDirs: [path.resolve(here, '..')] })).registry;
}

export interface BuiltCritic {
  trainer: Trainer;
  net: Network;
  /** Trainable weights by their name inside the critic, e.g. `conv1/kernel`. */
  weights: Map<string, tf.Variable>;
}

/** Compile the critic's document and take its network out of the built graph. */
export async function buildCritic(spec: CriticSpec, registry: Registry): Promise<BuiltCritic> {
  const trainer = await compile(criticDocument(spec), registry, { host: nodeHost });
  const net = trainer.top.nodes.get('C')?.network;
  if (!net) throw new Error('the critic document has no network C');
  const weights = new Map<string, tf.Variable>();
  for (const v of net.trainableVariables()) weights.set(v.name.replace(/^.*?\/C\//, ''), v);
  return { trainer, net, weights };
}

/** Deterministic float32 test data. */
export function normals(shape: number[], seed: number, std = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(new Rng(seed).normals(n, 0, std), shape);
}

export async function penaltyNode(params: Record<string, unknown> = {}): Promise<TestNode> {
  return buildTestNode(gradientPenalty, { params });
}
