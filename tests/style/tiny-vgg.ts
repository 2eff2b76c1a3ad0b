import fs from 'node:fs';
import path from 'node:path';
import { Rng } from '@ganvas/core';
import { VGG19_LAYERS } from '@ganvas/nodes-style';

/**
 * Writes a VGG-19 prefix in the TensorFlow.js layers format — model.json (Keras topology +
 * weightsManifest) and binary shards — with seeded random weights, exactly as
 * tensorflowjs_converter lays it out: one group per conv layer, the first group split over
 * two shard files, weight names with the `:0`-less Keras naming.
 */

export interface TinyVgg {
  dir: string;
  /** Layer names written, in order. */
  layers: string[];
  /** `<layer>/kernel` and `<layer>/bias` values. */
  weights: Map<string, { shape: number[]; values: Float32Array }>;
}

export interface TinyVggOptions {
  /** Write layers up to and including this one. */
  upTo: string;
  seed?: number;
  /** Add Keras's classifier head layers (Flatten/Dense) and a group for them. */
  withHead?: boolean;
  /** Weight-name prefix some converters add, e.g. `vgg19/`. */
  prefix?: string;
}

export function writeTinyVgg(dir: string, options: TinyVggOptions): TinyVgg {
  fs.mkdirSync(dir, { recursive: true });
  const rng = new Rng(options.seed ?? 3);
  const last = VGG19_LAYERS.findIndex((l) => l.name === options.upTo);
  if (last < 0) throw new Error(`no VGG-19 layer ${options.upTo}`);
  const layers = VGG19_LAYERS.slice(0, last + 1);
  const weights = new Map<string, { shape: number[]; values: Float32Array }>();
  const topology: unknown[] = [
    { name: 'input_1', class_name: 'InputLayer', config: { batch_input_shape: [null, null, null, 3], dtype: 'float32', name: 'input_1' }, inbound_nodes: [] },
  ];
  const manifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[] = [];
  let cin = 3;
  let prev = 'input_1';
  for (const layer of layers) {
    if (layer.kind === 'pool') {
      topology.push({ name: layer.name, class_name: 'MaxPooling2D', config: { name: layer.name, pool_size: [2, 2], strides: [2, 2], padding: 'valid' }, inbound_nodes: [[[prev, 0, 0, {}]]] });
    } else {
      topology.push({
        name: layer.name,
        class_name: 'Conv2D',
        config: { name: layer.name, filters: layer.channels, kernel_size: [3, 3], strides: [1, 1], padding: 'same', activation: 'relu', use_bias: true },
        inbound_nodes: [[[prev, 0, 0, {}]]],
      });
      // He-like scale keeps activations O(1) through the layers (as trained VGG roughly does).
      const std = Math.sqrt(2 / (9 * cin)) / (cin === 3 ? 60 : 1);
      const kernel = { shape: [3, 3, cin, layer.channels], values: rng.normals(9 * cin * layer.channels, 0, std) };
      const bias = { shape: [layer.channels], values: rng.normals(layer.channels, 0, 0.1) };
      weights.set(`${layer.name}/kernel`, kernel);
      weights.set(`${layer.name}/bias`, bias);
      const group = `group${manifest.length + 1}`;
      const bytes = concat([kernel.values, bias.values]);
      const paths = manifest.length === 0 ? [`${group}-shard1of2`, `${group}-shard2of2`] : [`${group}-shard1of1`];
      const cut = paths.length === 2 ? Math.floor(bytes.length / 3) : bytes.length;
      fs.writeFileSync(path.join(dir, paths[0]!), bytes.subarray(0, cut));
      if (paths.length === 2) fs.writeFileSync(path.join(dir, paths[1]!), bytes.subarray(cut));
      const p = options.prefix ?? '';
      manifest.push({
        paths,
        weights: [
          { name: `${p}${layer.name}/kernel`, shape: kernel.shape, dtype: 'float32' },
          { name: `${p}${layer.name}/bias`, shape: bias.shape, dtype: 'float32' },
        ],
      });
      cin = layer.channels;
    }
    prev = layer.name;
  }
  if (options.withHead) {
    topology.push({ name: 'flatten', class_name: 'Flatten', config: { name: 'flatten' }, inbound_nodes: [[[prev, 0, 0, {}]]] });
    topology.push({ name: 'fc1', class_name: 'Dense', config: { name: 'fc1', units: 4, activation: 'relu' }, inbound_nodes: [[['flatten', 0, 0, {}]]] });
    // Listed in the manifest but never written: a loader that reads it fails the test.
    manifest.push({ paths: ['group-head-shard1of1'], weights: [{ name: 'fc1/kernel', shape: [10, 4], dtype: 'float32' }] });
  }
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'keras v2.1.4',
    convertedBy: 'ganvas tests',
    modelTopology: {
      keras_version: '2.1.4',
      backend: 'tensorflow',
      model_config: { class_name: 'Model', config: { name: 'vgg19', layers: topology, input_layers: [['input_1', 0, 0]], output_layers: [[prev, 0, 0]] } },
    },
    weightsManifest: manifest,
  };
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(modelJson));
  return { dir, layers: layers.map((l) => l.name), weights };
}

function concat(parts: Float32Array[]): Uint8Array {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Float32Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return new Uint8Array(out.buffer);
}
