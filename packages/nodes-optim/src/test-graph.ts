// Test helpers (excluded from the build): stand-in layer, source and loss nodes, so the optimizer
// nodes can be trained through the real compiler and Trainer without the other node packages.
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { createRegistry, defineNode, init, type Registry } from '@ganvas/core';
import { nodes } from './index.js';

const linear = defineNode({
  type: 'standin.linear',
  version: 1,
  category: 'layer',
  title: 'Linear',
  description: 'y = xW + b',
  params: z.object({ units: z.number().int().positive().default(3) }),
  inputs: [{ name: 'x', contract: { role: 'tensor', shape: ['B', 'F'] } }],
  outputs: [{ name: 'y', contract: { role: 'tensor', shape: ['B', 'U'] } }],
  infer: ({ params, bindings }) => ({ outputs: { y: { role: 'tensor', shape: [bindings.get('B') ?? 'B', params.units] } } }),
  build(ctx) {
    const f = (ctx.inputs.x as { shape: (number | string)[] }).shape[1] as number;
    const w = ctx.weight('w', [f, ctx.params.units], init.torchDefault(f));
    const b = ctx.weight('b', [ctx.params.units], init.torchDefault(f));
    return { forward: (inputs) => ({ y: tf.add(tf.matMul(inputs.tensor('x'), w), b) }) };
  },
});

const noise = defineNode({
  type: 'standin.noise',
  version: 1,
  category: 'data',
  title: 'Noise',
  description: 'Gaussian noise [B, 4], fresh for every update',
  params: z.object({}),
  inputs: [],
  outputs: [{ name: 'z', contract: { role: 'latent', shape: ['B', 4] } }],
  build: () => ({ forward: (_inputs, ctx) => ({ z: tf.randomNormal([ctx.batchSize, 4], 0, 1, 'float32', ctx.rng.seed()) }) }),
});

const distance = defineNode({
  type: 'standin.distance',
  version: 1,
  category: 'loss',
  title: 'Distance to 1',
  description: 'mean((x − 1)²)',
  params: z.object({}),
  inputs: [{ name: 'x', contract: { role: 'tensor' } }],
  outputs: [{ name: 'loss', contract: { role: 'loss', shape: [] } }],
  build: () => ({ forward: (inputs) => ({ loss: tf.mean(tf.square(tf.sub(inputs.tensor('x'), 1))) }) }),
});

/** A registry with this package's nodes and the stand-ins. */
export function standInRegistry(): Registry {
  const r = createRegistry();
  r.registerPlugin('@ganvas/nodes-optim', { apiVersion: 1, namespace: 'optim', entry: 'x' }, { nodes });
  r.registerPlugin('standin', { apiVersion: 1, namespace: 'standin', entry: 'x' }, { nodes: [linear, noise, distance] });
  return r;
}

export interface StandInPhase {
  /** Optimizer node type and params, e.g. `optim.adam` with an lrDecay. */
  type: string;
  params: Record<string, unknown>;
  /** Updates per training step (the schedule's repeat). */
  repeat: number;
}

/**
 * A graph of one linear network per phase (noise → net → mean((y − 1)²) → optimizer), all
 * phases under one `optim.schedule`. Network i is `N<i>`, its optimizer `opt<i>`.
 */
export function standInGraph(phases: StandInPhase[]): Record<string, unknown> {
  const nodesOut: Record<string, unknown>[] = [{ id: 'z', type: 'standin.noise', version: 1, params: {} }];
  const edges: Record<string, string>[] = [];
  const edge = (source: string, sourcePort: string, target: string, targetPort: string) =>
    edges.push({ source, sourcePort, target, targetPort });
  phases.forEach((p, i) => {
    nodesOut.push(
      { id: `N${i}`, type: 'core.network', version: 1, params: { definition: 'net' } },
      { id: `apply${i}`, type: 'core.apply', version: 1 },
      { id: `loss${i}`, type: 'standin.distance', version: 1, params: {} },
      { id: `opt${i}`, type: p.type, version: 1, params: p.params },
    );
    edge(`N${i}`, 'net', `apply${i}`, 'network');
    edge('z', 'z', `apply${i}`, 'z');
    edge(`apply${i}`, 'y', `loss${i}`, 'x');
    edge(`loss${i}`, 'loss', `opt${i}`, 'loss');
    edge(`N${i}`, 'net', `opt${i}`, 'params');
    edge(`opt${i}`, 'phase', 'schedule', 'phases');
  });
  nodesOut.push({ id: 'schedule', type: 'optim.schedule', version: 1, params: { repeat: phases.map((p) => p.repeat) } });
  return {
    format: 'ganvas.graph',
    schemaVersion: 2,
    name: 'optimizer stand-in',
    training: { batchSize: 8, steps: 10, seed: 11, sampleEvery: 0, checkpointEvery: 0 },
    networks: {
      net: {
        nodes: [
          { id: 'in', type: 'core.input', version: 1, params: { name: 'z', shape: ['B', 4], role: 'latent' } },
          { id: 'lin', type: 'standin.linear', version: 1, params: { units: 3 } },
          { id: 'out', type: 'core.output', version: 1, params: { name: 'y' } },
        ],
        edges: [
          { source: 'in', sourcePort: 'y', target: 'lin', targetPort: 'x' },
          { source: 'lin', sourcePort: 'y', target: 'out', targetPort: 'x' },
        ],
      },
    },
    nodes: nodesOut,
    edges,
  };
}
