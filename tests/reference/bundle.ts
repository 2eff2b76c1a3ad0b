import fs from 'node:fs';
import path from 'node:path';

/**
 * Tensor bundles exchanged with the PyTorch references: a directory with `index.json` naming
 * one raw little-endian file per array. The format is defined in bench/reference/bundle.py.
 */

export type BundleDType = 'float32' | 'float64' | 'int32';
export interface BundleArray {
  shape: number[];
  values: Float32Array | Float64Array | Int32Array;
}

const dtypeOf = (v: BundleArray['values']): BundleDType =>
  v instanceof Float64Array ? 'float64' : v instanceof Int32Array ? 'int32' : 'float32';

const fileOf = (name: string) => `${name.replace(/[^A-Za-z0-9_.-]/g, '__')}.bin`;

export function writeBundle(dir: string, arrays: Record<string, BundleArray>): void {
  fs.mkdirSync(dir, { recursive: true });
  const tensors: Record<string, { file: string; dtype: BundleDType; shape: number[] }> = {};
  for (const [name, { shape, values }] of Object.entries(arrays)) {
    const file = fileOf(name);
    fs.writeFileSync(path.join(dir, file), new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    tensors[name] = { file, dtype: dtypeOf(values), shape };
  }
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ tensors }));
}

export function readBundle(dir: string): Map<string, BundleArray> {
  const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8')) as {
    tensors: Record<string, { file: string; dtype: BundleDType; shape: number[] }>;
  };
  const out = new Map<string, BundleArray>();
  for (const [name, spec] of Object.entries(index.tensors)) {
    const bytes = fs.readFileSync(path.join(dir, spec.file));
    // Copy into a fresh, aligned buffer before viewing it as a typed array.
    const buf = new Uint8Array(bytes).buffer;
    const values =
      spec.dtype === 'float64' ? new Float64Array(buf) : spec.dtype === 'int32' ? new Int32Array(buf) : new Float32Array(buf);
    out.set(name, { shape: spec.shape, values });
  }
  return out;
}
