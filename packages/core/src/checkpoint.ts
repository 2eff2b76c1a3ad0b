import type { RngState } from './rng.js';

/**
 * A checkpoint as data: JSON metadata plus named tensors. Hosts decide how to store it
 * (files on disk, IndexedDB); `encodeCheckpoint`/`decodeCheckpoint` give a portable
 * two-part form (JSON + one binary blob) that any host can write atomically.
 */
export interface CheckpointTensor {
  shape: number[];
  dtype: 'float32' | 'int32';
  values: Float32Array | Int32Array;
}

export interface CheckpointMeta {
  format: 'ganvas.checkpoint';
  version: 1;
  /** Steps completed when it was taken. */
  step: number;
  rng: { words: RngState; spare: number | null };
  /** JSON state of stateful nodes, by node path. */
  nodeStates: Record<string, unknown>;
}

export interface Checkpoint {
  meta: CheckpointMeta;
  /** `weights/<path>`, `optimizer/<node>/<key>`, `state/<node>/<key>`. */
  tensors: Record<string, CheckpointTensor>;
}

export interface EncodedCheckpoint {
  json: string;
  binary: Uint8Array;
}

interface IndexEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  offset: number;
  length: number;
}

export function encodeCheckpoint(c: Checkpoint): EncodedCheckpoint {
  const names = Object.keys(c.tensors).sort();
  const index: IndexEntry[] = [];
  let offset = 0;
  for (const name of names) {
    const t = c.tensors[name]!;
    index.push({ name, shape: t.shape, dtype: t.dtype, offset, length: t.values.length });
    offset += t.values.length * 4;
  }
  const binary = new Uint8Array(offset);
  for (const entry of index) {
    const t = c.tensors[entry.name]!;
    binary.set(new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength), entry.offset);
  }
  return { json: JSON.stringify({ ...c.meta, tensors: index }, null, 1), binary };
}

export function decodeCheckpoint(json: string, binary: Uint8Array): Checkpoint {
  const parsed = JSON.parse(json) as CheckpointMeta & { tensors: IndexEntry[] };
  if (parsed.format !== 'ganvas.checkpoint' || parsed.version !== 1) {
    throw new Error('not a ganvas checkpoint (format/version)');
  }
  const tensors: Record<string, CheckpointTensor> = {};
  for (const e of parsed.tensors) {
    if (e.offset + e.length * 4 > binary.byteLength) {
      throw new Error(`checkpoint is truncated: tensor "${e.name}" runs past the end of the weights file`);
    }
    const copy = binary.slice(e.offset, e.offset + e.length * 4);
    const values = e.dtype === 'int32' ? new Int32Array(copy.buffer) : new Float32Array(copy.buffer);
    tensors[e.name] = { shape: e.shape, dtype: e.dtype, values };
  }
  const { tensors: _index, ...meta } = parsed;
  return { meta, tensors };
}
