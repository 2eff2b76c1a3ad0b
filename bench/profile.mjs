// Per-kernel profile of one training step of a template: where the time goes.
// Usage: node bench/profile.mjs <template.json> [--backend wasm] [--batch N] [--top 30]
// Kernel times are CPU times of each kernel (see below); the step time under them is
// the plain wall time of a few unprofiled steps.
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
// Kernel times are process CPU time (user + system), exclusive of the kernels a kernel
// calls itself: wall time is meaningless on a machine shared with other trainings.
// Every registered kernel of the backend is wrapped for the profiled step only.
const backendName = tf.getBackend();
const stack = [];
const kernels = [];
const wrapped = tf.getKernelsForBackend(backendName).map((config) => {
  const original = config.kernelFunc;
  tf.unregisterKernel(config.kernelName, backendName);
  tf.registerKernel({
    ...config,
    setupFunc: undefined,
    kernelFunc: (args) => {
      const frame = { child: 0, t0: process.cpuUsage() };
      stack.push(frame);
      try {
        return original(args);
      } finally {
        const d = process.cpuUsage(frame.t0);
        const ms = (d.user + d.system) / 1000;
        stack.pop();
        if (stack.length) stack[stack.length - 1].child += ms;
        const shapes = Object.values(args.inputs).map((t) => t?.shape);
        kernels.push({ name: config.kernelName, inputShapes: shapes, kernelTimeMs: ms - frame.child });
      }
    },
  });
  return { config, original };
});
const c0 = process.cpuUsage();
await trainer.runStep();
const cStep = process.cpuUsage(c0);
for (const { config } of wrapped) {
  tf.unregisterKernel(config.kernelName, backendName);
  tf.registerKernel({ ...config, setupFunc: undefined });
}
const info = { kernels };
const agg = new Map();
for (const k of info.kernels) {
  const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
  const row = agg.get(key) ?? { ms: 0, n: 0 };
  row.ms += k.kernelTimeMs;
  row.n++;
  agg.set(key, row);
}
const byName = new Map();
for (const k of info.kernels) byName.set(k.name, (byName.get(k.name) ?? 0) + k.kernelTimeMs);
const total = [...agg.values()].reduce((a, r) => a + r.ms, 0);
console.log(`kernels: ${info.kernels.length} calls, ${total.toFixed(1)} ms CPU of ${((cStep.user + cStep.system) / 1000).toFixed(1)} ms CPU for the step`);
for (const [key, r] of [...agg].sort((a, b) => b[1].ms - a[1].ms).slice(0, Number(opt('top', 30)))) {
  console.log(`${r.ms.toFixed(1).padStart(8)} ${String(r.n).padStart(4)}x  ${key.slice(0, 140)}`);
}
console.log('by kernel:', [...byName].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', '));
const times = [];
const cpu = [];
for (let i = 0; i < 8; i++) {
  const c = process.cpuUsage();
  times.push((await trainer.runStep()).ms);
  const d = process.cpuUsage(c);
  cpu.push((d.user + d.system) / 1000);
}
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`step ms (median of 8): wall ${med(times).toFixed(1)}, CPU ${med(cpu).toFixed(1)}; live tensors ${tf.memory().numTensors}`);
