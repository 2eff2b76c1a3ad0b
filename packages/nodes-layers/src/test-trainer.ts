// Test-only: a registry with this package's layers plus three stand-in nodes (noise source,
// mean-square loss, plain SGD), so layer tests can run the real Trainer (snapshot, restore)
// without depending on the data, loss and optimizer packages.
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { createRegistry, defineNode } from '@ganvas/core';
import type { NodeDefinition, Registry } from '@ganvas/core';
import { nodes } from './index.js';

const noise = defineNode({
  type: 'testkit.noise',
  version: 1,
  category: 'data',
  title: 'Noise',
  description: 'N(0, 1) rows of `dims` values',
  params: z.object({ dims: z.number().int().positive().default(4) }),
  inputs: [],
  outputs: [{ name: 'z', contract: { role: 'latent', shape: ['B', 'D'] } }],
  infer: ({ params }) => ({ outputs: { z: { role: 'latent', dtype: 'float32', shape: ['B', params.dims] } } }),
  build: (ctx) => ({
    forward: (_inputs, fctx) => ({ z: tf.randomNormal([fctx.batchSize, ctx.params.dims], 0, 1, 'float32', fctx.rng.seed()) }),
  }),
});

const meanSquare = defineNode({
  type: 'testkit.meanSquare',
  version: 1,
  category: 'loss',
  title: 'Mean square',
  description: 'mean((x − 1)²)',
  params: z.object({}),
  inputs: [{ name: 'x', contract: { role: 'tensor' } }],
  outputs: [{ name: 'loss', contract: { role: 'loss', shape: [] } }],
  build: () => ({ forward: (inputs) => ({ loss: tf.mean(tf.square(tf.sub(inputs.tensor('x'), 1))) }) }),
});

const sgd = defineNode({
  type: 'testkit.sgd',
  version: 1,
  category: 'optimizer',
  title: 'SGD',
  description: 'w ← w − lr·g',
  params: z.object({ lr: z.number().positive().default(0.1) }),
  inputs: [
    { name: 'loss', contract: { role: 'loss', shape: [] } },
    { name: 'params', contract: { role: 'network' }, multi: true },
  ],
  outputs: [{ name: 'phase', contract: { role: 'phase' } }],
  build: (ctx) => ({
    optimizer: {
      apply(vars, grads) {
        tf.tidy(() => vars.forEach((v, i) => v.assign(tf.sub(v, tf.mul(grads[i]!, ctx.params.lr)))));
      },
      getState: () => ({}),
      setState: () => undefined,
      dispose: () => undefined,
    },
  }),
});

export function testRegistry(): Registry {
  const r = createRegistry();
  r.registerPlugin('@ganvas/nodes-layers', { apiVersion: 1, namespace: 'layers', entry: 'x' }, { nodes });
  const kit: NodeDefinition<any>[] = [noise, meanSquare, sgd];
  r.registerPlugin('testkit', { apiVersion: 1, namespace: 'testkit', entry: 'x' }, { nodes: kit });
  return r;
}

/** noise → network `net` (the given layer nodes in a chain, input [B, dims]) → mean square → SGD. */
export function chainGraph(layers: { id: string; type: string; params?: Record<string, unknown> }[], dims: number): Record<string, unknown> {
  const ids = ['in', ...layers.map((l) => l.id), 'out'];
  return {
    format: 'ganvas.graph',
    schemaVersion: 2,
    name: 'chain',
    training: { batchSize: 4, steps: 10, seed: 5, sampleEvery: 0, checkpointEvery: 0 },
    networks: {
      net: {
        nodes: [
          { id: 'in', type: 'core.input', version: 1, params: { name: 'x', role: 'latent', shape: ['B', dims] } },
          ...layers.map((l) => ({ id: l.id, type: l.type, version: 1, params: l.params ?? {} })),
          { id: 'out', type: 'core.output', version: 1, params: { name: 'y' } },
        ],
        edges: ids.slice(1).map((id, i) => ({ source: ids[i]!, sourcePort: 'y', target: id, targetPort: 'x' })),
      },
    },
    nodes: [
      { id: 'z', type: 'testkit.noise', version: 1, params: { dims } },
      { id: 'N', type: 'core.network', version: 1, params: { definition: 'net' } },
      { id: 'apply', type: 'core.apply', version: 1 },
      { id: 'loss', type: 'testkit.meanSquare', version: 1 },
      { id: 'opt', type: 'testkit.sgd', version: 1, label: 'N', params: { lr: 0.1 } },
    ],
    edges: [
      { source: 'N', sourcePort: 'net', target: 'apply', targetPort: 'network' },
      { source: 'z', sourcePort: 'z', target: 'apply', targetPort: 'x' },
      { source: 'apply', sourcePort: 'y', target: 'loss', targetPort: 'x' },
      { source: 'loss', sourcePort: 'loss', target: 'opt', targetPort: 'loss' },
      { source: 'N', sourcePort: 'net', target: 'opt', targetPort: 'params' },
    ],
  };
}
