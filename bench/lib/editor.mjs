// The editor's responsiveness section of `pnpm bench`: bench/editor-300.mjs measured on a
// 300-node graph next to a 30-node graph in the same run, so the ratio shows how the editor
// scales rather than how busy the machine is.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const METRICS = [
  ['render (load → all nodes painted)', (r) => r.renderMs],
  ['validate in the page (median)', (r) => r.validateMs?.median],
  ['parameter edit → canvas updated', (r) => r.paramEditMs],
  ['connection verdict while dragging', (r) => r.connectionCheckMs],
  ['node drag, per pointer move', (r) => r.dragMsPerMove],
];

function measure(benchDir, nodes) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ganvas-editor-bench-')), 'r.json');
  const r = spawnSync(process.execPath, [path.join(benchDir, 'editor-300.mjs'), '--nodes', String(nodes), '--json', out], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (r.status !== 0 || !fs.existsSync(out)) {
    return { error: `editor bench (${nodes} nodes) failed: ${(r.stderr || r.stdout || String(r.error)).trim().split('\n').at(-1)}` };
  }
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}

/** Runs both sizes, prints a table; returns JSON rows in the bench's row format. */
export function editorBench(benchDir, { large = 300, small = 30 } = {}) {
  const chromium = process.env.GANVAS_CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) {
    console.log(`\neditor: skipped (no ${chromium}; apt-get install chromium)`);
    return [];
  }
  const ref = measure(benchDir, small);
  const big = measure(benchDir, large);
  for (const r of [ref, big]) if (r.error) console.log(`\neditor: ${r.error}`);
  if (ref.error || big.error) return [];
  const rows = METRICS.map(([metric, get]) => {
    const a = get(big);
    const b = get(ref);
    return { model: `editor-${large}`, backend: 'chromium', threads: null, metric, ganvas_ms: a, reference_ms: b, reference: `editor-${small}`, ratio: a && b ? a / b : null };
  });
  const f = (x) => (typeof x === 'number' ? x.toFixed(1) : '—');
  console.log(`\neditor responsiveness (headless chromium, no GPU), ${large}-node graph vs ${small}-node graph in the same run:`);
  console.log(`| metric | ${large} nodes ms | ${small} nodes ms | ratio |`);
  console.log('|:--|--:|--:|--:|');
  for (const r of rows) console.log(`| ${r.metric} | ${f(r.ganvas_ms)} | ${f(r.reference_ms)} | ${f(r.ratio)} |`);
  return rows;
}
