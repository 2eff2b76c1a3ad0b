// `pnpm bench`: ganvas training steps vs the PyTorch reference of the same model, same run,
// same machine. See bench/README.md for the options and how to read the table.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchRegistry } from './registry.mjs';
import { parseOptions, usage } from './lib/options.mjs';
import { editorBench } from './lib/editor.mjs';
import { formatTable } from './lib/table.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(benchDir);
const opts = parseOptions(process.argv.slice(2));
if (opts.help) {
  console.log(usage);
  process.exit(0);
}

// Benchmarks are heavy jobs: re-run this script under the shared lock unless it is held.
if (opts.lock && !process.env.GANVAS_HEAVY_LOCK_HELD) {
  console.error('bench: waiting for /tmp/ganvas-heavy.lock ...');
  const r = spawnSync('flock', ['/tmp/ganvas-heavy.lock', process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, GANVAS_HEAVY_LOCK_HELD: '1' },
  });
  if (r.error) throw new Error(`bench: could not run flock (${r.error.message}); use --no-lock to run without it`);
  process.exit(r.status ?? 1);
}

// By default the templates with a registered PyTorch reference; any template by name.
const allTemplates = fs.readdirSync(path.join(root, 'templates')).filter((f) => f.endsWith('.json')).sort();
const templates = allTemplates.filter((f) =>
  opts.templates.length === 0 ? f in benchRegistry : opts.templates.some((t) => f.includes(t)),
);
const unregistered = allTemplates.filter((f) => !(f in benchRegistry));
const cpuModel = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model;
const loadStart = os.loadavg();
console.log(`machine: ${cpuModel}, ${os.cpus().length} cores; load average at start ${loadStart.map((l) => l.toFixed(2)).join(' ')}`);

const python = process.env.GANVAS_PYTHON ?? '/usr/bin/python3';
const dataDir = opts.reference ? ensureMnist() : '';
const rows = [];
for (const file of templates) {
  const entry = benchRegistry[file];
  const model = entry?.model ?? file.replace(/\.json$/, '');
  const batches = opts.batches ?? entry?.batches ?? [undefined];
  for (const batch of batches) {
    for (const threads of opts.threads) {
      for (const backend of opts.backends) {
        const slow = backend === 'cpu';
        // The pure-JS backend shows the distance at one thread; it is not trained data-parallel.
        if (slow && threads > 1) continue;
        const steps = slow ? opts.cpuSteps : opts.steps;
        const warmup = slow ? 0 : opts.warmup;
        const reps = slow ? 1 : opts.reps;
        const row = { model, backend, threads, batch, steps, warmup, reps, ganvas_runs: [], reference_runs: [], notes: [] };
        if (slow) row.notes.push(`cpu: ${steps} step(s), no warm-up`);
        for (let rep = 0; rep < reps; rep++) {
          const g = runGanvas(file, backend, batch, steps, warmup, threads, slow ? opts.cpuTimeout : opts.timeout);
          if (g.error) {
            row.notes.push(g.error);
            break;
          }
          row.batch = g.batch;
          row.ganvas_runs.push(g);
          // The reference runs once per repetition of the first backend only; its time does
          // not depend on which ganvas backend it is compared with.
          if (entry && opts.reference && backend === opts.backends[0]) {
            const r = runReference(entry, g.batch, steps, warmup, threads);
            if (r.error) row.notes.push(r.error);
            else row.reference_runs.push(r);
          }
          row.load = os.loadavg()[0];
        }
        if (!entry) row.notes.push('no PyTorch reference registered (bench/registry.mjs)');
        finishRow(row, rows.find((r) => r.model === model && r.batch === row.batch && r.threads === threads && r.reference_runs.length > 0));
        rows.push(row);
        console.log(progressLine(row));
      }
    }
  }
}
const loadEnd = os.loadavg();
console.log('');
console.log(formatTable(rows));
const editorRows = opts.editor ? editorBench(benchDir) : [];
console.log(
  `\nmachine: ${cpuModel}; load average (1/5/15 min) at start ${loadStart.map((l) => l.toFixed(2)).join(' ')}, at end ${loadEnd.map((l) => l.toFixed(2)).join(' ')}`,
);
if (opts.templates.length === 0 && unregistered.length) {
  console.log(`not benchmarked (no PyTorch reference in bench/registry.mjs; time them with --templates): ${unregistered.join(', ')}`);
}
console.log('CPU ms/step: process CPU time per step (median), the work without waiting for a core; compare it when the load average is above the core count.');
console.log(
  `ms/step: median over ${opts.reps} repetition(s) of each run's median step; ratio = ganvas / PyTorch at the row's threads ` +
    '(ganvas: data-parallel on that many worker threads, --workers N; PyTorch: torch.set_num_threads).',
);
for (const line of speedups(rows)) console.log(line);
if (opts.json) {
  const out = rows.map((r) => ({
    model: r.model,
    backend: r.backend,
    threads: r.threads,
    batch: r.batch,
    ganvas_ms: r.ganvas_ms,
    reference_ms: r.reference_ms,
    ratio: r.ratio,
    images_per_s: r.images_per_s,
    peak_rss_mb: r.peak_rss_mb,
    live_tensors: r.live_tensors,
    reference_peak_rss_mb: r.reference_peak_rss_mb,
    ganvas_cpu_ms: r.ganvas_cpu_ms,
    reference_cpu_ms: r.reference_cpu_ms,
    cpu_ratio: r.cpu_ratio,
    steps: r.steps,
    warmup: r.warmup,
    reps: r.reps,
    ganvas_runs_ms: r.ganvas_runs.map((g) => g.median),
    reference_runs_ms: r.reference_runs.map((g) => g.msPerStep),
    tensor_growth: r.tensor_growth,
    load_avg_1m: r.load,
    notes: r.notes,
    cpu: cpuModel,
  }));
  fs.writeFileSync(opts.json, `${JSON.stringify([...out, ...editorRows], null, 1)}\n`);
  console.log(`wrote ${opts.json}`);
}

function runGanvas(file, backend, batch, steps, warmup, threads, timeoutS) {
  const args = [path.join(benchDir, 'lib/ganvas-steps.mjs'), path.join(root, 'templates', file), '--backend', backend, '--steps', String(steps), '--warmup', String(warmup)];
  if (batch !== undefined) args.push('--batch', String(batch));
  if (threads > 1) args.push('--workers', String(threads));
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: timeoutS * 1000, cwd: root });
  if (r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGTERM') return { error: `${backend}: gave up after ${timeoutS} s` };
  if (r.status !== 0) return { error: `${backend}: failed (${lastLine(r.stderr)})` };
  return JSON.parse(lastLine(r.stdout));
}

function runReference(entry, batch, steps, warmup, threads) {
  const script = path.join(benchDir, entry.reference.script);
  const args = entry.reference.args({ batch, steps, warmup, threads, data: dataDir });
  const r = spawnSync(python, [path.join(benchDir, 'lib/reference-steps.py'), script, ...args], {
    encoding: 'utf8',
    timeout: opts.timeout * 1000,
    cwd: root,
    env: { ...process.env, OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) },
  });
  if (r.status !== 0) return { error: `PyTorch: failed (${lastLine(r.stderr) || r.error?.message})` };
  return { ...JSON.parse(lastLine(r.stdout)), ...JSON.parse(lastLine(r.stderr)) };
}

function finishRow(row, sameModelRow) {
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length === 0 ? null : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const g = row.ganvas_runs;
  row.ganvas_ms = median(g.map((x) => x.median));
  const refs = row.reference_runs.length > 0 ? row.reference_runs : (sameModelRow?.reference_runs ?? []);
  row.reference_ms = median(refs.map((x) => x.msPerStep));
  row.reference_peak_rss_mb = median(refs.map((x) => x.peakRssMb));
  row.ganvas_cpu_ms = median(g.map((x) => x.cpuMedian));
  row.reference_cpu_ms = median(refs.map((x) => x.cpuMsPerStep).filter((x) => typeof x === 'number'));
  row.cpu_ratio = row.ganvas_cpu_ms !== null && row.reference_cpu_ms ? row.ganvas_cpu_ms / row.reference_cpu_ms : null;
  row.ratio = row.ganvas_ms !== null && row.reference_ms ? row.ganvas_ms / row.reference_ms : null;
  row.images_per_s = row.ganvas_ms ? (row.batch * 1000) / row.ganvas_ms : null;
  row.peak_rss_mb = g.length ? Math.max(...g.map((x) => x.peakRssMb)) : null;
  row.live_tensors = g.length ? g[g.length - 1].liveTensors : null;
  row.tensor_growth = g.length ? Math.max(...g.map((x) => x.tensorGrowth)) : null;
  // Without warm-up the first step creates the optimizer slots; growth means a leak only after it.
  if (row.warmup > 0 && row.tensor_growth > 0) row.notes.push(`tensor count grew by ${row.tensor_growth} over the timed steps`);
}

function progressLine(row) {
  const f = (x) => (x === null || x === undefined ? '—' : x.toFixed(1));
  return `  ${row.model} ${row.backend} ${row.threads} thread(s) batch ${row.batch}: ganvas ${row.ganvas_runs.map((g) => f(g.median)).join('/')} ms, PyTorch ${row.reference_runs.map((r) => f(r.msPerStep)).join('/') || '—'} ms (load ${f(row.load)})`;
}

/** The MNIST split the references train on, exported once into a cache directory. */
function ensureMnist() {
  const dir = opts.cache ?? path.join(benchDir, '.cache', 'mnist');
  if (fs.existsSync(path.join(dir, 'index.json'))) return dir;
  console.log(`exporting the MNIST split to ${dir}`);
  const r = spawnSync(process.execPath, [path.join(benchDir, 'reference/export_mnist.mjs'), dir], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('bench: export_mnist.mjs failed');
  return dir;
}

/** Per model, backend and batch: how much faster each side is at N threads than at 1. */
function speedups(all) {
  const out = [];
  const f = (x) => (x ? x.toFixed(2) : '—');
  for (const r of all) {
    if (r.threads === 1) continue;
    const base = all.find((b) => b.threads === 1 && b.model === r.model && b.backend === r.backend && b.batch === r.batch);
    if (!base) continue;
    const g = base.ganvas_ms && r.ganvas_ms ? base.ganvas_ms / r.ganvas_ms : null;
    const t = base.reference_ms && r.reference_ms ? base.reference_ms / r.reference_ms : null;
    out.push(`speed-up at ${r.threads} threads vs 1: ${r.model} ${r.backend} b${r.batch}: ganvas ${f(g)}x, PyTorch ${f(t)}x`);
  }
  return out;
}

function lastLine(text) {
  return (text ?? '').trim().split('\n').at(-1) ?? '';
}
