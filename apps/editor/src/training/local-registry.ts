import { createRegistry, describeNodeTypes, type NodeTypeDescription, type Registry } from '@ganvas/core';
import * as data from '@ganvas/nodes-data';
import * as gan from '@ganvas/nodes-gan';
import * as layers from '@ganvas/nodes-layers';
import * as losses from '@ganvas/nodes-losses';
import * as optim from '@ganvas/nodes-optim';

/**
 * The node packages bundled into the page, registered exactly as the runner registers
 * installed plug-ins (each package's manifest namespace). This registry validates while
 * dragging and trains "in this tab". nodes-images and nodes-style are left out: they read
 * files and render with native modules, so their nodes come from the runner's catalogue
 * and are validated and trained there.
 */
const BUNDLED: [string, string, { nodes: unknown }][] = [
  ['@ganvas/nodes-data', 'data', data],
  ['@ganvas/nodes-layers', 'layers', layers],
  ['@ganvas/nodes-losses', 'loss', losses],
  ['@ganvas/nodes-optim', 'optim', optim],
  ['@ganvas/nodes-gan', 'gan', gan],
];

let registry: Registry | undefined;
export const bundledPluginErrors: string[] = [];

export function localRegistry(): Registry {
  if (registry) return registry;
  registry = createRegistry();
  for (const [name, namespace, module] of BUNDLED) {
    try {
      const report = registry.registerPlugin(name, { apiVersion: 1, namespace, entry: './dist/index.js' }, module);
      bundledPluginErrors.push(...report.errors);
    } catch (e) {
      bundledPluginErrors.push((e as Error).message);
    }
  }
  return registry;
}

let described: NodeTypeDescription[] | undefined;
export function bundledCatalogue(): NodeTypeDescription[] {
  return (described ??= describeNodeTypes(localRegistry()));
}
