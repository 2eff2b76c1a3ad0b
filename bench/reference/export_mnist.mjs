// Writes the exact MNIST split ganvas trains on (9,000 train / 1,000 held-out digits, from
// @ganvas/nodes-data's loadMnist) as a tensor bundle, so PyTorch references train on the same
// data. Usage: node bench/reference/export_mnist.mjs <outDir> [--limit-train N] [--limit-heldout N]
// Bundle format: see bench/reference/bundle.py (index.json + raw little-endian arrays).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadMnist } from '@ganvas/nodes-data';

function parseArgs(argv) {
  const opts = { out: undefined, limit: { train: Infinity, heldout: Infinity } };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--limit-train' || a === '--limit-heldout') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${a} needs a positive integer`);
      opts.limit[a === '--limit-train' ? 'train' : 'heldout'] = n;
    } else if (!opts.out) opts.out = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  if (!opts.out) throw new Error('usage: node export_mnist.mjs <outDir> [--limit-train N] [--limit-heldout N]');
  return opts;
}

function writeArray(dir, index, name, array, dtype, shape) {
  const file = `${name.replace(/[^A-Za-z0-9_.-]/g, '__')}.bin`;
  fs.writeFileSync(path.join(dir, file), new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  index.tensors[name] = { file, dtype, shape };
}

export async function exportMnist(out, limit = { train: Infinity, heldout: Infinity }) {
  // Typed arrays are written in machine order; the bundle format says little-endian.
  if (os.endianness() !== 'LE') throw new Error('export_mnist.mjs writes little-endian bundles only');
  fs.mkdirSync(out, { recursive: true });
  const index = { format: 'ganvas.mnist-export', version: 1, dataset: 'mnist', range: [0, 1], layout: 'NHWC', tensors: {} };
  for (const split of ['train', 'heldout']) {
    const data = await loadMnist(split);
    const count = Math.min(data.count, limit[split]);
    writeArray(out, index, `${split}/images`, data.images.subarray(0, count * 784), 'float32', [count, 28, 28, 1]);
    writeArray(out, index, `${split}/labels`, data.labels.subarray(0, count), 'int32', [count]);
  }
  fs.writeFileSync(path.join(out, 'index.json'), JSON.stringify(index, null, 1));
  return index;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const { out, limit } = parseArgs(process.argv.slice(2));
  const index = await exportMnist(out, limit);
  const counts = Object.entries(index.tensors).map(([k, v]) => `${k} [${v.shape}]`).join(', ');
  console.log(`wrote ${out}: ${counts}`);
}
