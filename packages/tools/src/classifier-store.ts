import { CLASSIFIER_ARCH, type ClassifierWeights } from './classifier.js';

/**
 * Where trained classifiers are kept between runs. The tools stay platform-free: a Node host
 * stores files (see `@ganvas/tools/node`), a browser could use IndexedDB, a test a Map.
 */
export interface ClassifierStore {
  /** The bytes stored under `key`, or undefined when there are none. */
  read(key: string): Promise<Uint8Array | undefined>;
  write(key: string, bytes: Uint8Array): Promise<void>;
  /** Where `key` lives, for messages (a file path, …). */
  describe?(key: string): string;
}

/** An in-memory store (tests, one-off evaluations). */
export function memoryStore(): ClassifierStore & { entries: Map<string, Uint8Array> } {
  const entries = new Map<string, Uint8Array>();
  return {
    entries,
    read: async (key) => entries.get(key),
    write: async (key, bytes) => void entries.set(key, bytes.slice()),
  };
}

/** What is recorded with a trained classifier. */
export interface ClassifierRecord {
  key: string;
  arch: string;
  /** Held-out accuracy measured right after training. */
  heldoutAccuracy: number;
  heldoutCount: number;
  trainCount: number;
  trainMs: number;
  /** Training options, as given to trainClassifier. */
  training: Record<string, unknown>;
  /** Attribute classifiers: held-out accuracy of each attribute (one-hot group or binary label). */
  heldoutPerAttribute?: Record<string, number>;
  /** Attribute classifiers: held-out accuracy of each label, thresholded at ½. */
  heldoutPerLabel?: Record<string, number>;
  /** Attribute classifiers: what the labels are (groups) and the net's layout. */
  schema?: unknown;
  net?: unknown;
  weights: ClassifierWeights;
}

const MAGIC = 0x4c435647; // "GVCL" little-endian

/**
 * Layout: uint32 magic, uint32 header length, header JSON (UTF-8), zero padding to a multiple
 * of 4, then every weight's float32 values (little-endian) in header order.
 */
export function encodeClassifier(record: ClassifierRecord): Uint8Array {
  const { weights, ...meta } = record;
  const names = Object.keys(weights);
  const header = new TextEncoder().encode(
    JSON.stringify({ format: 'ganvas.classifier', version: 1, ...meta, tensors: names.map((n) => ({ name: n, shape: weights[n]!.shape })) }),
  );
  const headerEnd = 8 + header.length;
  const dataStart = Math.ceil(headerEnd / 4) * 4;
  const floats = names.reduce((n, k) => n + weights[k]!.values.length, 0);
  const out = new Uint8Array(dataStart + floats * 4);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, header.length, true);
  out.set(header, 8);
  let at = dataStart;
  for (const n of names) {
    for (const v of weights[n]!.values) {
      view.setFloat32(at, v, true);
      at += 4;
    }
  }
  return out;
}

/** Inverse of encodeClassifier; `where` names the source in errors. */
export function decodeClassifier(bytes: Uint8Array, where: string): ClassifierRecord {
  const fail = (why: string): never => {
    throw new Error(`${where}: not a ganvas classifier file (${why}); delete it to retrain`);
  };
  if (bytes.length < 8) fail('too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) fail('bad magic number');
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength > bytes.length) fail('truncated header');
  let header: Omit<ClassifierRecord, 'weights'> & { format?: string; tensors?: { name: string; shape: number[] }[] };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch {
    return fail('unreadable header');
  }
  if (header.format !== 'ganvas.classifier' || !Array.isArray(header.tensors)) fail('unknown format');
  let at = Math.ceil((8 + headerLength) / 4) * 4;
  const weights: ClassifierWeights = {};
  for (const t of header.tensors!) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (at + n * 4 > bytes.length) fail(`truncated at "${t.name}"`);
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++, at += 4) values[i] = view.getFloat32(at, true);
    weights[t.name] = { shape: t.shape, values };
  }
  const { format: _f, version: _v, tensors: _t, ...meta } = header as typeof header & { version?: number };
  return { ...meta, weights };
}

export { CLASSIFIER_ARCH };
