// Per-kernel profile of one training step of a template: where the time goes.
// Usage: node bench/profile.mjs <template.json> [--backend wasm] [--batch N] [--top 30]
// Kernel times come from tf.profile (each kernel synchronously timed); the step time
// below them is the plain wall time of a few unprofiled steps.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@ganvas/backend';
import { compile } from '@ganvas/core';
import { createNodeRegistry, nodeHost } from '@ganvas/host-node';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const file = args[0];
if (!file) throw new Error('usage: node bench/profile.mjs <template.json> [--backend wasm] [--batch N] [--top 30]');
await selectBackend(opt('backend', 'wasm'));
const { registry } = await createNodeRegistry({ searchDirs: [here] });
const batch = opt('batch');
const trainer = await compile(JSON.parse(fs.readFileSync(file, 'utf8')), registry, {
  host: nodeHost,
  ...(batch ? { batchSize: Number(batch) } : {}),
});
for (let i = 0; i < 3; i++) await trainer.runStep();
const agg = new Map();
const info = await tf.profile(async () => {
  await trainer.runStep();
});
for (const k of info.kernels) {
  const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
  const row = agg.get(key) ?? { ms: 0, n: 0 };
  row.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  row.n++;
  agg.set(key, row);
}
const byName = new Map();
for (const k of info.kernels) byName.set(k.name, (byName.get(k.name) ?? 0) + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0));
const total = [...agg.values()].reduce((a, r) => a + r.ms, 0);
console.log(`kernels: ${info.kernels.length} calls, ${total.toFixed(1)} ms`);
for (const [key, r] of [...agg].sort((a, b) => b[1].ms - a[1].ms).slice(0, Number(opt('top', 30)))) {
  console.log(`${r.ms.toFixed(1).padStart(8)} ${String(r.n).padStart(4)}x  ${key.slice(0, 140)}`);
}
console.log('by kernel:', [...byName].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', '));
const times = [];
for (let i = 0; i < 8; i++) times.push((await trainer.runStep()).ms);
times.sort((a, b) => a - b);
console.log(`step ms (median of 8): ${times[4].toFixed(1)}; live tensors ${tf.memory().numTensors}`);
