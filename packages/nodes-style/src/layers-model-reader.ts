import type { Host } from '@ganvas/core';
import { modelLayers, weightKey, zModelJson, type ModelJson, type ModelLayer, type WeightEntry } from './layers-model-format.js';

/**
 * Reads a TensorFlow.js layers model (model.json + shards) through the host: local paths
 * with `host.readFile`, http(s) URLs with `host.fetchUrl`. Only the shard groups holding
 * wanted weights are read, so a full VGG-19 with its 500 MB classifier head costs only the
 * convolution weights.
 */

export interface LoadedWeight {
  shape: number[];
  values: Float32Array;
}

export interface LayersModel {
  /** Where model.json was read from (path or URL). */
  modelJson: string;
  json: ModelJson;
  layers: ModelLayer[];
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/** The model.json of a source that names either the file or the folder holding it. */
export function modelJsonLocation(source: string): string {
  if (/\.json$/i.test(source)) return source;
  return `${source.replace(/[/\\]+$/, '')}/model.json`;
}

function sibling(modelJson: string, file: string): string {
  if (isUrl(modelJson)) return new URL(file, modelJson).href;
  const slash = Math.max(modelJson.lastIndexOf('/'), modelJson.lastIndexOf('\\'));
  return slash < 0 ? file : `${modelJson.slice(0, slash + 1)}${file}`;
}

async function read(host: Host, location: string): Promise<Uint8Array> {
  if (!isUrl(location)) return host.readFile(location);
  if (!host.fetchUrl) throw new Error(`this host cannot fetch URLs (${location}); download the files and give a local path`);
  return host.fetchUrl(location);
}

/** Read and check model.json. Errors say which file and what is wrong. */
export async function readLayersModel(host: Host, source: string): Promise<LayersModel> {
  const modelJson = modelJsonLocation(source);
  const bytes = await read(host, modelJson);
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new Error(`${modelJson} is not JSON: ${(e as Error).message}`);
  }
  const parsed = zModelJson.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(
      `${modelJson} is not a TensorFlow.js layers model (at ${issue.path.join('.') || 'top level'}: ${issue.message}); ` +
        'expected {modelTopology, weightsManifest} as written by tensorflowjs_converter --input_format keras',
    );
  }
  for (const group of parsed.data.weightsManifest) {
    for (const p of group.paths) {
      if (p.startsWith('/') || p.split(/[/\\]/).includes('..') || isUrl(p)) {
        throw new Error(`${modelJson}: shard path "${p}" must be a file name relative to model.json`);
      }
    }
  }
  return { modelJson, json: parsed.data, layers: modelLayers(parsed.data) };
}

const BYTES: Record<string, number> = { float32: 4, uint8: 1, uint16: 2, float16: 2 };

/**
 * Values of the weights for which `want(layer, role)` is true, keyed `<layer>/<role>`
 * (e.g. `block1_conv1/kernel`), dequantized to float32.
 */
export async function readWeights(
  host: Host,
  model: LayersModel,
  want: (layer: string, role: string) => boolean,
): Promise<Map<string, LoadedWeight>> {
  const out = new Map<string, LoadedWeight>();
  for (const group of model.json.weightsManifest) {
    if (!group.weights.some((w) => { const k = weightKey(w.name); return want(k.layer, k.role); })) continue;
    const shards = await Promise.all(group.paths.map((p) => read(host, sibling(model.modelJson, p))));
    const total = shards.reduce((n, s) => n + s.length, 0);
    const data = new Uint8Array(total);
    let at = 0;
    for (const s of shards) {
      data.set(s, at);
      at += s.length;
    }
    let offset = 0;
    for (const w of group.weights) {
      const stored = w.quantization?.dtype ?? w.dtype;
      const width = BYTES[stored];
      const count = w.shape.reduce((a, b) => a * b, 1);
      const k = weightKey(w.name);
      const wanted = want(k.layer, k.role);
      if (width === undefined) {
        if (wanted) throw new Error(`${model.modelJson}: weight "${w.name}" has dtype ${stored}; only float32 (or quantized uint8/uint16/float16) weights load`);
        throw new Error(`${model.modelJson}: cannot skip weight "${w.name}" of unknown dtype ${stored}`);
      }
      const size = count * width;
      if (offset + size > data.length) {
        throw new Error(
          `${model.modelJson}: the shards of group [${group.paths.join(', ')}] hold ${data.length} bytes, ` +
            `but weight "${w.name}" ${JSON.stringify(w.shape)} needs bytes ${offset}..${offset + size}; are the shard files complete?`,
        );
      }
      if (wanted) out.set(`${k.layer}/${k.role}`, { shape: w.shape, values: decode(data, offset, count, w) });
      offset += size;
    }
  }
  return out;
}

function decode(data: Uint8Array, offset: number, count: number, w: WeightEntry): Float32Array {
  const view = new DataView(data.buffer, data.byteOffset + offset, data.byteLength - offset);
  const out = new Float32Array(count);
  const q = w.quantization;
  if (!q) {
    for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
  } else if (q.dtype === 'float16') {
    for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(2 * i, true));
  } else {
    const scale = q.scale ?? 1;
    const min = q.min ?? 0;
    for (let i = 0; i < count; i++) out[i] = (q.dtype === 'uint8' ? view.getUint8(i) : view.getUint16(2 * i, true)) * scale + min;
  }
  return out;
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

export type { ModelLayer };
