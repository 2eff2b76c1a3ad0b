// Child process of bench/run.mjs: times training steps of one template on one backend and
// prints one JSON line. Run alone for a quick look:
//   node bench/lib/ganvas-steps.mjs templates/dcgan-mnist.json --backend wasm --batch 64 --steps 10 --warmup 3 [--workers 2]
// A fresh process per configuration keeps peak RSS and tensor counts separate. With
// --workers N the run is data-parallel on N threads of this process (ganvas train --workers).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@ganvas/backend';
import { compile } from '@ganvas/core';
import { DataParallelGroup, checkDataParallel, createNodeRegistry, nodeHost } from '@ganvas/host-node';

const benchDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const file = argv[0];
const backend = opt('backend', 'wasm');
const steps = Number(opt('steps', 10));
const warmup = Number(opt('warmup', 3));
const batch = opt('batch');
const workers = Number(opt('workers', 1));

await selectBackend(backend);
const { registry } = await createNodeRegistry({ searchDirs: [benchDir] });
const group = workers > 1 ? new DataParallelGroup({ workers }) : undefined;
const trainer = await compile(JSON.parse(fs.readFileSync(file, 'utf8')), registry, {
  host: nodeHost,
  ...(batch ? { batchSize: Number(batch) } : {}),
  ...(group ? { replica: group.replica } : {}),
});
if (group) {
  checkDataParallel(trainer, workers);
  await group.start(trainer, { backend: tf.getBackend(), searchDirs: [benchDir], graphDir: path.dirname(path.resolve(file)) });
}
/** Live tensors of every thread (the workers report theirs after each step). */
const tensorsNow = async () => tf.memory().numTensors + (group ? (await group.settle()).reduce((n, r) => n + r.tensors, 0) : 0);
for (let i = 0; i < warmup; i++) await trainer.runStep();
const tensorsBefore = await tensorsNow();
const ms = [];
// CPU time of this process per step (all its threads): the work done, without the time spent
// waiting for a core while other jobs run (wasm in Node is single-threaded per thread).
const cpuMs = [];
for (let i = 0; i < steps; i++) {
  const c0 = process.cpuUsage();
  ms.push((await trainer.runStep()).ms);
  const d = process.cpuUsage(c0);
  cpuMs.push((d.user + d.system) / 1000);
}
const liveTensors = await tensorsNow();
await group?.close();
trainer.dispose();
const medianOf = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const median = medianOf(ms);
console.log(
  JSON.stringify({
    backend: tf.getBackend(),
    batch: trainer.batchSize,
    workers,
    steps,
    warmup,
    ms,
    median,
    cpuMedian: medianOf(cpuMs),
    liveTensors,
    // A leak shows as growth between the end of warm-up and the end of the timed steps.
    tensorGrowth: liveTensors - tensorsBefore,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
