/* global window, document, requestAnimationFrame, Event, FocusEvent, KeyboardEvent -- page.evaluate callbacks run in the browser */
// Editor responsiveness with a 300-node graph, measured in Debian's chromium (headless, no GPU).
//
//   node bench/editor-300.mjs [--nodes 300] [--json out.json]      (after `npx turbo run build`)
//
// Starts the runner (`ganvas serve --no-open --port 0`), opens the editor, loads a generated
// document whose top level is a chain of `--nodes` layer nodes (data → dense/relu … → loss →
// optimizer), and reports: time to render it (load → every node in the DOM, two frames later),
// time to validate it in the page (core's validateDocument, median of 15), time from a
// parameter edit to the repainted canvas, time to check one connection while dragging, and
// time per pointer move while dragging a node.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
// playwright-core is a dependency of the tests package; resolve it from there.
const { chromium } = createRequire(path.join(root, 'tests/package.json'))('playwright-core');
const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : def;
};
const N = Number(arg('--nodes', '300'));
const jsonOut = arg('--json', undefined);
const chromiumPath = process.env.GANVAS_CHROMIUM ?? '/usr/bin/chromium';

/** A valid graph of n nodes: data, a dense/relu chain, a loss and its optimizer. */
function bigGraph(n) {
  const nodes = [{ id: 'data', type: 'data.gaussianNoise', version: 1, params: { dims: 16 }, position: { x: 0, y: 0 } }];
  const edges = [];
  const layers = n - 4;
  let prev = 'data';
  let prevPort = 'z';
  for (let i = 0; i < layers; i++) {
    const dense = i % 2 === 0;
    const id = `${dense ? 'dense' : 'relu'}_${i}`;
    nodes.push({ id, type: dense ? 'layers.dense' : 'layers.relu', version: 1, params: dense ? { units: 16 } : {}, position: { x: 220 * ((i % 20) + 1), y: 140 * Math.floor(i / 20) } });
    edges.push({ source: prev, sourcePort: prevPort, target: id, targetPort: 'x' });
    prev = id;
    prevPort = 'y';
  }
  nodes.push({ id: 'target', type: 'data.gaussianNoise', version: 1, params: { dims: 16 }, position: { x: 0, y: 300 } });
  nodes.push({ id: 'loss', type: 'loss.mse', version: 1, params: {}, position: { x: 4600, y: 0 } });
  nodes.push({ id: 'opt', type: 'optim.adam', version: 1, params: {}, position: { x: 4800, y: 0 } });
  edges.push({ source: prev, sourcePort: 'y', target: 'loss', targetPort: 'prediction' });
  edges.push({ source: 'target', sourcePort: 'z', target: 'loss', targetPort: 'target' });
  edges.push({ source: 'loss', sourcePort: 'loss', target: 'opt', targetPort: 'loss' });
  return { format: 'ganvas.graph', schemaVersion: 2, name: `${n}-node chain`, description: '', nodes, edges, networks: {} };
}

async function startRunner(runsDir) {
  const cli = path.join(root, 'apps/cli/dist/main.js');
  const serves = /\bserve\b/.test(fs.readFileSync(path.join(root, 'apps/cli/dist/cli.js'), 'utf8'));
  const args = serves
    ? [cli, 'serve', '--no-open', '--port', '0', '--runs-dir', runsDir]
    : ['--input-type=module', '-e', `import { startRunner } from '@ganvas/runner'; const r = await startRunner({ port: 0, runsDir: ${JSON.stringify(runsDir)} }); console.log(r.url); process.on('SIGINT', () => r.close().then(() => process.exit(0)));`];
  const child = spawn(process.execPath, args, { cwd: path.join(root, 'tests'), stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b) => {
      out += b;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (c) => reject(new Error(`runner exited (${c}): ${out}`)));
  });
  return { url, close: () => new Promise((r) => (child.once('exit', r), child.kill('SIGINT'))) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const runsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ganvas-bench-editor-'));
const runner = await startRunner(runsDir);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ganvas-bench-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  viewport: { width: 1600, height: 1000 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
});
const results = { nodes: N };
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(runner.url);
  await page.waitForSelector('[data-testid=canvas]');
  const doc = bigGraph(N);

  // Render: load → all nodes in the DOM (fit view shows them all) → two animation frames.
  results.renderMs = await page.evaluate(async ({ doc, n }) => {
    const t0 = performance.now();
    window.__ganvas.load(doc);
    await new Promise((resolve) => {
      const poll = () => (document.querySelectorAll('.react-flow__node').length >= n ? resolve() : requestAnimationFrame(poll));
      poll();
    });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t0;
  }, { doc, n: N });
  await page.waitForTimeout(500);
  results.renderedNodes = await page.locator('.react-flow__node').count();
  results.errors = (await page.evaluate(() => window.__ganvas.validation().diagnostics)).filter((d) => d.severity === 'error').map((d) => d.message);

  // Validation in the page, repeated.
  const v = [];
  for (let i = 0; i < 15; i++) v.push(await page.evaluate(() => window.__ganvas.validateNow()));
  results.validateMs = { median: median(v), min: Math.min(...v), max: Math.max(...v) };

  // A parameter edit: select a node, change a param, wait for its edge labels to show the new shape.
  await page.evaluate(() => window.dispatchEvent(new Event('resize')));
  await page.click('.gnode[data-node-id="dense_0"] .gnode-head');
  const input = page.locator('[data-testid=inspector] [data-param="units"] input');
  await input.fill('17');
  results.paramEditMs = await page.evaluate(async () => {
    const el = document.querySelector('[data-testid=inspector] [data-param="units"] input');
    const t0 = performance.now();
    el.dispatchEvent(new FocusEvent('blur', { bubbles: true }));
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await new Promise((resolve) => {
      const poll = () => ([...document.querySelectorAll('.edge-label')].some((e) => e.textContent === '[B, 17]') ? resolve() : requestAnimationFrame(poll));
      poll();
    });
    await new Promise((r) => requestAnimationFrame(r));
    return performance.now() - t0;
  });

  // Connection check while dragging (validator with the candidate edge), from the pointer move to the verdict.
  const handle = async (id, port, kind) => {
    const b = await page.locator(`.gnode[data-node-id="${id}"] .port-${kind}[data-port="${port}"] .react-flow__handle`).boundingBox();
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  };
  // Zoom in on the first rows so the handles are big enough to hit.
  await page.evaluate(() => window.__ganvas.focus(['dense_0', 'relu_1', 'dense_2', 'relu_3']));
  await page.waitForTimeout(400);
  const from = await handle('relu_3', 'y', 'source');
  const to = await handle('relu_1', 'x', 'target');
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 20, from.y + 20, { steps: 2 });
  const t0 = Date.now();
  await page.mouse.move(to.x, to.y, { steps: 1 });
  await page.waitForSelector('[data-testid=connection-reason]', { timeout: 10_000 }).catch(async (e) => {
    await page.screenshot({ path: path.join(root, 'test-output/e2e/bench-300-connection-failed.png') });
    throw e;
  });
  results.connectionCheckMs = Date.now() - t0;
  await page.mouse.up();

  // Dragging a node: wall time per pointer move (each move re-renders the moved node and its edges).
  const node = await page.locator('.gnode[data-node-id="relu_1"] .gnode-head').boundingBox();
  await page.mouse.move(node.x + 10, node.y + 5);
  await page.mouse.down();
  const moves = 40;
  const d0 = Date.now();
  for (let i = 1; i <= moves; i++) await page.mouse.move(node.x + 10 + i * 3, node.y + 5 + i * 2);
  results.dragMsPerMove = (Date.now() - d0) / moves;
  await page.mouse.up();
  await page.screenshot({ path: path.join(root, 'test-output/e2e/bench-300-nodes.png') });
} finally {
  await context.close();
  await runner.close();
}
console.log(`editor with ${results.nodes} nodes (chromium headless, no GPU):`);
console.log(`  render (load → all nodes painted):     ${results.renderMs.toFixed(0)} ms (${results.renderedNodes} nodes in the DOM)`);
console.log(`  validate in the page (median of 15):   ${results.validateMs.median.toFixed(1)} ms (min ${results.validateMs.min.toFixed(1)}, max ${results.validateMs.max.toFixed(1)})`);
console.log(`  parameter edit → canvas updated:       ${results.paramEditMs.toFixed(0)} ms`);
console.log(`  connection verdict while dragging:     ${results.connectionCheckMs} ms`);
console.log(`  node drag, per pointer move:           ${results.dragMsPerMove.toFixed(1)} ms`);
if (results.errors.length) console.log(`  (graph has ${results.errors.length} errors: ${results.errors.slice(0, 2).join('; ')})`);
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(results, null, 2));
