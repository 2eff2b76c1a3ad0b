// The plain-text table printed by bench/run.mjs.

const columns = [
  ['model', (r) => r.model],
  ['backend', (r) => r.backend + (r.backend === 'cpu' ? '*' : '')],
  ['threads', (r) => String(r.threads)],
  ['batch', (r) => String(r.batch)],
  ['ganvas ms/step', (r) => num(r.ganvas_ms, 1)],
  ['images/s', (r) => num(r.images_per_s, 0)],
  ['PyTorch ms/step', (r) => num(r.reference_ms, 1)],
  ['ratio', (r) => num(r.ratio, 2)],
  ['CPU ms/step (ganvas/torch)', (r) => `${num(r.ganvas_cpu_ms, 1)} / ${num(r.reference_cpu_ms, 1)}`],
  ['CPU ratio', (r) => num(r.cpu_ratio, 2)],
  ['peak RSS MB (ganvas/torch)', (r) => `${num(r.peak_rss_mb, 0)} / ${num(r.reference_peak_rss_mb, 0)}`],
  ['live tensors', (r) => (r.live_tensors === null ? '—' : String(r.live_tensors))],
];

function num(x, digits) {
  return x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits);
}

export function formatTable(rows) {
  const cells = rows.map((r) => columns.map(([, f]) => f(r)));
  const widths = columns.map(([h], i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (vals) => `| ${vals.map((v, i) => (i < 4 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join(' | ')} |`;
  const out = [line(columns.map(([h]) => h)), `|${widths.map((w, i) => (i < 4 ? ':' : '-') + '-'.repeat(w) + (i < 4 ? '-' : ':')).join('|')}|`];
  for (const c of cells) out.push(line(c));
  const notes = rows.flatMap((r) => r.notes.map((n) => `${r.model} ${r.backend} b${r.batch}: ${n}`));
  if (rows.some((r) => r.backend === 'cpu')) notes.unshift('* cpu: pure-JS backend, timed on very few steps (see notes); not a training setup');
  return [...out, ...(notes.length ? ['', ...notes.map((n) => `  - ${n}`)] : [])].join('\n');
}
