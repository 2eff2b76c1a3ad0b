/**
 * Tiny graphs for the tools tests: a generator of 2×2 "images" from a 4-d latent, and a
 * cGAN-like one whose generator also takes a one-hot class (concatenated to z inside G).
 */

function node(id: string, type: string, params: Record<string, unknown> = {}) {
  return { id, type, version: 1, params };
}
function edge(source: string, sourcePort: string, target: string, targetPort: string) {
  return { source, sourcePort, target, targetPort };
}

export function tinyGenerator(options: { conditional?: boolean; preview?: 'apply' | 'none' | 'layer' | 'data' } = {}) {
  const conditional = options.conditional ?? false;
  const G = {
    nodes: [
      node('z', 'core.input', { name: 'z', role: 'latent', shape: ['B', 4] }),
      ...(conditional ? [node('y', 'core.input', { name: 'y', role: 'onehot', shape: ['B', 3] }), node('cat', 'layers.concat', {})] : []),
      node('fc', 'layers.dense', { units: 4 }),
      node('shape', 'layers.reshape', { targetShape: [2, 2, 1] }),
      node('out', 'core.output', { name: 'image' }),
    ],
    edges: [
      ...(conditional
        ? [edge('z', 'y', 'cat', 'x'), edge('y', 'y', 'cat', 'x'), edge('cat', 'y', 'fc', 'x')]
        : [edge('z', 'y', 'fc', 'x')]),
      edge('fc', 'y', 'shape', 'x'),
      edge('shape', 'y', 'out', 'x'),
    ],
  };
  const preview = options.preview ?? 'apply';
  return {
    format: 'ganvas.graph',
    schemaVersion: 2,
    name: conditional ? 'tiny cgan' : 'tiny generator',
    training: { batchSize: 4, steps: 2, seed: 3 },
    networks: { G },
    nodes: [
      node('noise', 'data.gaussianNoise', { dims: 4, std: 2 }),
      ...(conditional ? [node('labels', 'data.randomLabels', { classes: 3 })] : []),
      node('target', 'data.gaussianNoise', { dims: [2, 2, 1], std: 0.1 }),
      node('G', 'core.network', { definition: 'G' }),
      node('gen', 'core.apply'),
      node('loss', 'loss.mse'),
      node('opt', 'optim.sgd', { lr: 0.1 }),
      ...(preview === 'none' ? [] : [node('preview', 'core.preview', { count: 4 })]),
      ...(preview === 'layer' ? [node('post', 'layers.tanh')] : []),
      ...(preview === 'data' ? [node('real', 'data.mnist', { range: '[-1,1]' })] : []),
    ],
    edges: [
      edge('G', 'net', 'gen', 'network'),
      edge('noise', 'z', 'gen', 'z'),
      ...(conditional ? [edge('labels', 'label', 'gen', 'y')] : []),
      edge('gen', 'image', 'loss', 'prediction'),
      edge('target', 'z', 'loss', 'target'),
      edge('loss', 'loss', 'opt', 'loss'),
      edge('G', 'net', 'opt', 'params'),
      ...(preview === 'apply' ? [edge('gen', 'image', 'preview', 'image')] : []),
      ...(preview === 'layer' ? [edge('gen', 'image', 'post', 'x'), edge('post', 'y', 'preview', 'image')] : []),
      ...(preview === 'data' ? [edge('real', 'image', 'preview', 'image')] : []),
    ],
  };
}
