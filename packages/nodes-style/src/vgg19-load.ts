import type { Host } from '@ganvas/core';
import { readLayersModel, readWeights, type LayersModel, type LoadedWeight } from './layers-model-reader.js';
import { VGG19_LAYERS, type VggLayer } from './vgg19-architecture.js';

/**
 * Loading VGG-19 weights for the layers a graph needs, checking that the file really is
 * VGG-19 where it matters (layer names, classes, filter counts, kernel sizes).
 */

export const CONVERSION_HINT =
  'convert the Keras ImageNet weights once with tensorflowjs_converter ' +
  '(see the style.vgg19 node docs or packages/nodes-style/README.md), then point the node\'s "weights" param ' +
  '(or `ganvas stylize --weights`, or GANVAS_VGG19_WEIGHTS) at the folder or its model.json';

/** Read model.json; a missing file becomes an error that says what to do. */
export async function openVggModel(host: Host, source: string): Promise<LayersModel> {
  try {
    return await readLayersModel(host, source);
  } catch (e) {
    const msg = (e as Error).message;
    if (/not found|ENOENT|HTTP 404|no file access/i.test(msg)) {
      throw new Error(`VGG-19 weights not found at "${source}" (${msg}); ${CONVERSION_HINT}`);
    }
    throw e;
  }
}

/** The VGG-19 layers from the input up to (and including) the deepest of `taps`. */
export function layersUpTo(taps: readonly string[]): VggLayer[] {
  const last = Math.max(...taps.map((t) => VGG19_LAYERS.findIndex((l) => l.name === t)));
  return VGG19_LAYERS.slice(0, last + 1);
}

/** Check the file's description of each needed layer; returns every mismatch found. */
export function checkTopology(model: LayersModel, needed: readonly VggLayer[]): string[] {
  const problems: string[] = [];
  const byName = new Map(model.layers.map((l) => [l.name, l]));
  for (const layer of needed) {
    const found = byName.get(layer.name);
    if (!found) {
      const offered = model.layers.filter((l) => l.className === 'Conv2D').map((l) => l.name);
      problems.push(`it has no layer "${layer.name}" (its conv layers: ${offered.join(', ') || 'none'})`);
      continue;
    }
    const c = found.config;
    if (layer.kind === 'conv') {
      if (found.className !== 'Conv2D') problems.push(`"${layer.name}" is a ${found.className}, expected Conv2D`);
      if (c['filters'] !== undefined && c['filters'] !== layer.channels) problems.push(`"${layer.name}" has ${String(c['filters'])} filters, VGG-19 has ${layer.channels}`);
      const k = c['kernel_size'];
      if (Array.isArray(k) && (k[0] !== 3 || k[1] !== 3)) problems.push(`"${layer.name}" has a ${k.join('×')} kernel, VGG-19 has 3×3`);
      if (c['activation'] !== undefined && c['activation'] !== 'relu') problems.push(`"${layer.name}" has activation ${String(c['activation'])}, VGG-19 has relu`);
    } else if (found.className !== 'MaxPooling2D') {
      problems.push(`"${layer.name}" is a ${found.className}, expected MaxPooling2D`);
    }
  }
  return problems;
}

/** Kernel and bias of each needed conv layer, with their shapes checked. */
export async function loadVggWeights(host: Host, model: LayersModel, needed: readonly VggLayer[]): Promise<Map<string, LoadedWeight>> {
  const convs = new Set(needed.filter((l) => l.kind === 'conv').map((l) => l.name));
  const weights = await readWeights(host, model, (layer, role) => convs.has(layer) && (role === 'kernel' || role === 'bias'));
  let cin = 3;
  for (const layer of needed) {
    if (layer.kind !== 'conv') continue;
    const expect: Record<string, number[]> = { kernel: [3, 3, cin, layer.channels], bias: [layer.channels] };
    for (const [role, shape] of Object.entries(expect)) {
      const w = weights.get(`${layer.name}/${role}`);
      if (!w) throw new Error(`${model.modelJson}: its weightsManifest has no "${layer.name}/${role}"`);
      if (w.shape.join() !== shape.join()) {
        throw new Error(`${model.modelJson}: "${layer.name}/${role}" has shape [${w.shape}], VGG-19 needs [${shape}]`);
      }
    }
    cin = layer.channels;
  }
  return weights;
}
