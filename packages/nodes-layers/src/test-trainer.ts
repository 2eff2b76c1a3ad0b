// Test-only: a registry with this package's layers plus core's stand-in nodes (noise source,
// mean-square loss, plain SGD), so layer tests can run the real Trainer (snapshot, restore)
// without depending on the data, loss and optimizer packages.
import { createRegistry, registerStandIns } from '@ganvas/core';
import type { Registry } from '@ganvas/core';
import { nodes } from './index.js';

export function testRegistry(): Registry {
  const r = createRegistry();
  r.registerPlugin('@ganvas/nodes-layers', { apiVersion: 1, namespace: 'layers', entry: 'x' }, { nodes });
  return registerStandIns(r);
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
      { id: 'z', type: 'standin.noise', version: 1, params: { dims } },
      { id: 'N', type: 'core.network', version: 1, params: { definition: 'net' } },
      { id: 'apply', type: 'core.apply', version: 1 },
      { id: 'loss', type: 'standin.meanSquare', version: 1, params: { target: 1 } },
      { id: 'opt', type: 'standin.sgd', version: 1, label: 'N', params: { lr: 0.1 } },
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
