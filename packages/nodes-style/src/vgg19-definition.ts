import type { EdgeDoc, NetworkDef, NodeDoc } from '@ganvas/core';
import { layersUpTo } from './vgg19-load.js';

/**
 * VGG-19 up to the deepest of `taps`, as a document network definition of layer nodes
 * (`layers.conv2d` 3×3 'same' + `layers.relu`, `layers.maxPool2d` 2×2/2), with one
 * `core.output` per tap named after the layer. It is the structure `style.vgg19` runs, in
 * the form the editor opens; as a plain definition its weights start random (the pretrained
 * ones come with `style.vgg19`), and Caffe preprocessing is not part of it.
 */
export function vgg19Definition(taps: readonly string[]): NetworkDef {
  const nodes: NodeDoc[] = [];
  const edges: EdgeDoc[] = [];
  const node = (id: string, type: string, params: Record<string, unknown>) =>
    nodes.push({ id, type, version: 1, params, position: { x: 0, y: nodes.length * 80 } });
  const link = (source: string, target: string, targetPort = 'x') => edges.push({ source, sourcePort: 'y', target, targetPort });
  node('image', 'core.input', { name: 'image', role: 'image', shape: ['B', 'H', 'W', 3], range: [0, 1] });
  let last = 'image';
  for (const layer of layersUpTo(taps)) {
    if (layer.kind === 'conv') {
      node(`${layer.name}_conv`, 'layers.conv2d', { filters: layer.channels, kernelSize: 3, strides: 1, padding: 'same' });
      link(last, `${layer.name}_conv`);
      node(layer.name, 'layers.relu', {});
      link(`${layer.name}_conv`, layer.name);
    } else {
      node(layer.name, 'layers.maxPool2d', { poolSize: 2, strides: 2, padding: 'valid' });
      link(last, layer.name);
    }
    last = layer.name;
  }
  for (const tap of taps) {
    node(`out_${tap}`, 'core.output', { name: tap });
    link(tap, `out_${tap}`);
  }
  return { title: 'VGG-19', description: `VGG-19 up to ${last}; outputs ${taps.join(', ')}`, nodes, edges };
}
