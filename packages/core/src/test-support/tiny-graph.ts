/** A two-network graph (G: noise → linear → linear; a loss on G's output) used by core tests. */
export function tinyGraph(): Record<string, unknown> {
  return {
    format: 'ganvas.graph',
    schemaVersion: 2,
    name: 'tiny',
    training: { batchSize: 8, steps: 10, seed: 3, sampleEvery: 0, checkpointEvery: 0 },
    networks: {
      mlp: {
        nodes: [
          { id: 'in', type: 'core.input', version: 1, params: { name: 'z', shape: ['B', 4], role: 'latent' } },
          { id: 'l1', type: 'standin.linear', version: 2, params: { units: 6 } },
          { id: 'l2', type: 'standin.linear', version: 2, params: { units: 3 } },
          { id: 'out', type: 'core.output', version: 1, params: { name: 'y' } },
        ],
        edges: [
          { source: 'in', sourcePort: 'y', target: 'l1', targetPort: 'x' },
          { source: 'l1', sourcePort: 'y', target: 'l2', targetPort: 'x' },
          { source: 'l2', sourcePort: 'y', target: 'out', targetPort: 'x' },
        ],
      },
    },
    nodes: [
      { id: 'z', type: 'standin.noise', version: 1, params: {} },
      { id: 'G', type: 'core.network', version: 1, params: { definition: 'mlp' } },
      { id: 'applyG', type: 'core.apply', version: 1 },
      { id: 'loss', type: 'standin.meanSquare', version: 1 },
      { id: 'opt', type: 'standin.sgd', version: 1, label: 'G', params: { lr: 0.05 } },
    ],
    edges: [
      { source: 'G', sourcePort: 'net', target: 'applyG', targetPort: 'network' },
      { source: 'z', sourcePort: 'z', target: 'applyG', targetPort: 'z' },
      { source: 'applyG', sourcePort: 'y', target: 'loss', targetPort: 'x' },
      { source: 'loss', sourcePort: 'loss', target: 'opt', targetPort: 'loss' },
      { source: 'G', sourcePort: 'net', target: 'opt', targetPort: 'params' },
    ],
  };
}
