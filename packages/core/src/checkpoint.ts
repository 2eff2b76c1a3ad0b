import { z } from 'zod';
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
  /**
   * Format of each saved state (`state/<path>`, `optimizer/<path>`): the node definition's
   * `stateVersion`. Only those other than 1 are written; absent means 1 (also older checkpoints).
   */
  stateVersions?: Record<string, number>;
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

const zIndexEntry = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(['float32', 'int32']),
  offset: z.number().int().nonnegative(),
  length: z.number().int().nonnegative(),
});

const zEncodedMeta = z.object({
  format: z.literal('ganvas.checkpoint'),
  version: z.literal(1),
  step: z.number().int().nonnegative(),
  rng: z.object({
    words: z.tuple([z.number(), z.number(), z.number(), z.number()]),
    spare: z.number().nullable(),
  }),
  nodeStates: z.record(z.string(), z.unknown()),
  stateVersions: z.record(z.string(), z.number().int().positive()).optional(),
  tensors: z.array(zIndexEntry),
});

/** Decode an untrusted checkpoint; every problem is an Error that says what is wrong where. */
export function decodeCheckpoint(json: string, binary: Uint8Array): Checkpoint {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new Error(`checkpoint metadata is not JSON: ${(e as Error).message}`);
  }
  const result = zEncodedMeta.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`not a valid ganvas checkpoint: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const parsed = result.data as CheckpointMeta & { tensors: IndexEntry[] };
  const tensors: Record<string, CheckpointTensor> = {};
  for (const e of parsed.tensors) {
    if (e.length !== e.shape.reduce((a, b) => a * b, 1)) {
      throw new Error(`checkpoint tensor "${e.name}" has ${e.length} values but shape [${e.shape}]`);
    }
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
