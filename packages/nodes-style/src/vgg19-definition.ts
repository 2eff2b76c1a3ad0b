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
  // Laid out for the editor: one column per block, top to bottom; the image left, the taps right.
  const COL = 260;
  const ROW = 90;
  const rowInBlock = new Map<number, number>();
  const at = (block: number) => {
    const row = rowInBlock.get(block) ?? 0;
    rowInBlock.set(block, row + 1);
    return { x: block * COL, y: row * ROW };
  };
  const node = (id: string, type: string, params: Record<string, unknown>, position: { x: number; y: number }) =>
    nodes.push({ id, type, version: 1, params, position });
  const link = (source: string, target: string, targetPort = 'x') => edges.push({ source, sourcePort: 'y', target, targetPort });
  node('image', 'core.input', { name: 'image', role: 'image', shape: ['B', 'H', 'W', 3], range: [0, 1] }, { x: 0, y: 0 });
  let last = 'image';
  for (const layer of layersUpTo(taps)) {
    if (layer.kind === 'conv') {
      node(`${layer.name}_conv`, 'layers.conv2d', { filters: layer.channels, kernelSize: 3, strides: 1, padding: 'same' }, at(layer.block));
      link(last, `${layer.name}_conv`);
      node(layer.name, 'layers.relu', {}, at(layer.block));
      link(`${layer.name}_conv`, layer.name);
    } else {
      node(layer.name, 'layers.maxPool2d', { poolSize: 2, strides: 2, padding: 'valid' }, at(layer.block));
      link(last, layer.name);
    }
    last = layer.name;
  }
  const outColumn = (Math.max(...rowInBlock.keys()) + 1) * COL;
  for (const [i, tap] of taps.entries()) {
    node(`out_${tap}`, 'core.output', { name: tap }, { x: outColumn, y: i * ROW });
    link(tap, `out_${tap}`);
  }
  return { title: 'VGG-19', description: `VGG-19 up to ${last}; outputs ${taps.join(', ')}`, nodes, edges };
}
