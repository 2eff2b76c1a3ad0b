// Test helpers (excluded from the build): core's stand-in layer, source and loss nodes, so the
// optimizer nodes can be trained through the real compiler and Trainer without the other node packages.
import { createRegistry, registerStandIns, type Registry } from '@ganvas/core';
import { nodes } from './index.js';

/** A registry with this package's nodes and core's stand-ins. */
export function standInRegistry(): Registry {
  const r = createRegistry();
  r.registerPlugin('@ganvas/nodes-optim', { apiVersion: 1, namespace: 'optim', entry: 'x' }, { nodes });
  return registerStandIns(r);
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
      { id: `loss${i}`, type: 'standin.meanSquare', version: 1, params: { target: 1 } },
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
          { id: 'lin', type: 'standin.linear', version: 2, params: { units: 3 } },
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
