/// <reference lib="dom" />
// page.evaluate callbacks run in the browser, so the DOM types are in scope here (only here).
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editorDocument, launchBrowser, missingPrerequisite, repoRoot, screenshot, startRunner, type RunningRunner } from './browser.js';

// The editor in a real browser against a real runner: templates render, a wrong connection is
// refused with the validator's reason, a parameter is fixed through the form, a W001 warning is
// shown as advice (the graph still runs; counted in the status bar, beside its field, on its node
// and as a marker on the network's nodes at the top level) and goes when the bias is unticked, an
// error inside a network marks its nodes red from the top level while the Apply nodes keep the
// network's ports and every edge (drawn, saved, exported, and unchanged once fixed) and refuse a
// wrong new edge in the words used when the network is healthy, 20 steps train on the runner and
// 20 in the tab (loss chart and sample grid each time), save/reload/export keep the document, and
// a runner started with --workers 2 lists its warning that a graph trains on one worker on the run.
// Screenshots of the key screens go to test-output/e2e/.
const missing = missingPrerequisite();
if (missing) console.warn(`e2e editor tests skipped: ${missing}`);

let runner: RunningRunner;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

interface Doc {
  name: string;
  nodes: { id: string; type: string; params: Record<string, unknown>; position?: { x: number; y: number } }[];
  edges: unknown[];
  networks: Record<string, { nodes: { id: string; type: string; params: Record<string, unknown> }[]; edges: unknown[] }>;
}
const doc = async () => (await editorDocument(page)) as Doc;

async function openTemplate(file: string): Promise<void> {
  await page.click('[data-testid=open-templates]');
  await page.click(`[data-template="${file}"]`);
  await page.waitForFunction((f) => !document.querySelector(`[data-template="${f}"]`), file);
  await viewSettled();
}

/**
 * Waits until the canvas has stopped moving: the editor fits the view in a timer after a
 * document opens, which on a loaded machine can fire well after the document is shown. Reading
 * handle positions before that would drag from where a port used to be.
 */
async function viewSettled(): Promise<void> {
  const transform = () => page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
  let last = '';
  for (let quiet = 0; quiet < 3; ) {
    await page.waitForTimeout(100);
    const now = await transform();
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
}

async function handleCentre(nodeId: string, port: string, kind: 'source' | 'target') {
  const box = await page.locator(`.gnode[data-node-id="${nodeId}"] .port-${kind}[data-port="${port}"] .react-flow__handle`).boundingBox();
  if (!box) throw new Error(`no ${kind} handle ${nodeId}.${port} on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/**
 * Press on output `from` and move over input `to` without releasing, so the editor shows its
 * verdict on the connection being dragged ([data-testid=connection-reason]); returns that locator.
 */
async function dragOnto(from: [string, string], to: [string, string]) {
  await viewSettled();
  const a = await handleCentre(from[0], from[1], 'source');
  const b = await handleCentre(to[0], to[1], 'target');
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 8 });
  const reason = page.locator('[data-testid=connection-reason]');
  try {
    await reason.waitFor({ timeout: 5000 });
  } catch (e) {
    // Let go, so a failed drag does not leave the button down for the tests after this one.
    await page.mouse.up();
    throw e;
  }
  return reason;
}

async function setParam(name: string, value: string): Promise<void> {
  const input = page.locator(`[data-testid=inspector] [data-param="${name}"] input`);
  await input.fill(value);
  await input.press('Enter');
}

/** The DCGAN template with some params of its discriminator's layers changed. */
function dcganWithDiscriminator(params: Record<string, Record<string, unknown>>): Doc {
  const graph = JSON.parse(fs.readFileSync(path.join(repoRoot, 'templates/dcgan-mnist.json'), 'utf8')) as Doc;
  for (const [id, p] of Object.entries(params)) Object.assign(graph.networks.dcgan_discriminator!.nodes.find((n) => n.id === id)!.params, p);
  return graph;
}

/** Opens `graph` through the toolbar's file input, as a user opening a saved file. */
async function openAsFile(graph: Doc, name: string): Promise<void> {
  await page.setInputFiles('[data-testid=open-file]', { name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(graph)) });
}

/** Ids of the nodes on the canvas marked for problems of `severity` inside their network, sorted. */
function insideMarked(severity: 'warning' | 'error'): Promise<string[]> {
  return page.locator(`.gnode.inside-${severity}`).evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id') ?? '').sort());
}

/** Input and output port names of a node on the canvas. */
function portsShown(nodeId: string): Promise<{ in: string[]; out: string[] }> {
  return page.locator(`.gnode[data-node-id="${nodeId}"]`).evaluate((el) => ({
    in: Array.from(el.querySelectorAll('.port-target')).map((p) => p.getAttribute('data-port') ?? ''),
    out: Array.from(el.querySelectorAll('.port-source')).map((p) => p.getAttribute('data-port') ?? ''),
  }));
}

/** Keys (`source.port->target.port`) of the edges React Flow drew, sorted. */
function edgesDrawn(): Promise<string[]> {
  return page.locator('.react-flow__edge').evaluateAll((els) => els.map((e) => (e.getAttribute('data-testid') ?? '').replace(/^rf__edge-/, '')).sort());
}

/** The keys the canvas gives a document's edges (none of the templates' edges has an id). */
function edgeKeysOf(edges: unknown[]): string[] {
  return (edges as { source: string; sourcePort: string; target: string; targetPort: string }[]).map((e) => `${e.source}.${e.sourcePort}->${e.target}.${e.targetPort}`).sort();
}

/** Waits until the run started last has finished or failed. */
async function runEnded(): Promise<void> {
  await page.waitForFunction(
    () => {
      const s = document.querySelector('[data-testid=run-status]')?.textContent;
      return s === 'finished' || s === 'failed' || !!document.querySelector('[data-testid=run-error]');
    },
    null,
    { timeout: 150_000 },
  );
}

async function trainTwentySteps(button: 'run-runner' | 'run-tab', backend?: string): Promise<{ status: string; points: number; sampleWidth: number; stats: string }> {
  await page.fill('[data-testid=steps]', '20');
  if (backend) await page.selectOption('[data-testid=tab-backend]', backend);
  await page.click(`[data-testid=${button}]`);
  await runEnded();
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('[data-testid=sample-image]');
    return !!img && img.complete && img.naturalWidth > 0;
  }, null, { timeout: 20_000 });
  return page.evaluate(() => {
    const line = document.querySelector('[data-testid=loss-chart] polyline');
    const img = document.querySelector<HTMLImageElement>('[data-testid=sample-image]')!;
    return {
      status: document.querySelector('[data-testid=run-status]')!.textContent ?? '',
      points: (line?.getAttribute('points') ?? '').trim().split(/\s+/).filter(Boolean).length,
      sampleWidth: img.naturalWidth,
      stats: document.querySelector('[data-testid=run-stats]')!.textContent ?? '',
    };
  });
}

describe.skipIf(!!missing)('editor end to end (chromium + runner)', () => {
  beforeAll(async () => {
    runner = await startRunner();
    ({ context } = await launchBrowser());
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(runner.url);
    await page.waitForSelector('[data-testid=canvas]');
  });

  afterAll(async () => {
    await context?.close();
    await runner?.close();
  });

  it('renders every template with all its nodes and edges, and the validator finds them valid', async () => {
    const templates = (await page.evaluate(() => fetch('/api/templates').then((r) => r.json()))) as { file: string }[];
    expect(templates.map((t) => t.file)).toEqual(expect.arrayContaining(['dcgan-mnist.json', 'vae-mnist.json']));
    for (const { file } of templates) {
      await openTemplate(file);
      const d = await doc();
      expect(await page.locator('.react-flow__node').count(), file).toBe(d.nodes.length);
      expect(await page.locator('.react-flow__edge').count(), file).toBe(d.edges.length);
      expect(await page.locator('.gnode.has-error').count(), file).toBe(0);
      await screenshot(page, `template-${file.replace(/\.json$/, '')}`);
    }
    // Inferred shapes are written on the edges: the DCGAN generator's image into D.
    await openTemplate('dcgan-mnist.json');
    await expect.poll(() => page.locator('.edge-label', { hasText: '[B, 28, 28, 1]' }).count()).toBeGreaterThan(0);
  });

  it('opens a network node to its layers, saves an edit as a new definition and goes back up', async () => {
    await openTemplate('dcgan-mnist.json');
    await page.click('.gnode[data-node-id="G"] .gnode-open');
    await page.waitForSelector('.gnode[data-node-id="up1"]');
    expect(await page.locator('.react-flow__node').count()).toBe((await doc()).networks.dcgan_generator!.nodes.length);
    await screenshot(page, 'network-dcgan-generator');
    page.once('dialog', (d) => void d.accept('dcgan_generator_wide'));
    await page.click('[data-testid=save-network-as]');
    await expect.poll(async () => Object.keys((await doc()).networks)).toContain('dcgan_generator_wide');
    const d = await doc();
    expect(d.nodes.find((n) => n.id === 'G')!.params.definition).toBe('dcgan_generator_wide');
    await page.click('.breadcrumb button >> nth=0');
    await page.waitForSelector('.gnode[data-node-id="schedule"]');
    await page.keyboard.press('Control+z');
    await expect.poll(async () => Object.keys((await doc()).networks)).not.toContain('dcgan_generator_wide');
  });

  it('opens the VGG-19 node of style transfer onto its layers, read-only, and goes back up', async () => {
    await openTemplate('style-transfer.json');
    const vgg = (await doc()).nodes.find((n) => n.type === 'style.vgg19')!;
    await page.click(`.gnode[data-node-id="${vgg.id}"] .gnode-open`);
    await page.waitForSelector('.gnode[data-type="layers.conv2d"][data-node-id="block1_conv1_conv"]');
    await viewSettled();
    // Conv layers up to the deepest tap of the template (block3_conv2): 2 + 2 + 2.
    const convs = await page.locator('.gnode[data-type="layers.conv2d"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')));
    expect(convs).toEqual(['block1_conv1_conv', 'block1_conv2_conv', 'block2_conv1_conv', 'block2_conv2_conv', 'block3_conv1_conv', 'block3_conv2_conv']);
    expect(await page.locator('[data-testid=readonly-note]').textContent()).toBe('built by style.vgg19; read-only');
    expect(await page.locator('.breadcrumb button.current').textContent()).toBe('VGG-19');
    // Read-only: deleting a layer changes nothing, and nothing of it reaches the document.
    const before = JSON.stringify(await doc());
    await page.click('.gnode[data-node-id="block1_conv1_conv"] .gnode-head');
    await page.keyboard.press('Delete');
    expect(await page.locator('.gnode[data-node-id="block1_conv1_conv"]').count()).toBe(1);
    expect(JSON.stringify(await doc())).toBe(before);
    await screenshot(page, 'network-vgg19');
    await page.click('.breadcrumb button >> nth=0');
    await page.waitForSelector(`.gnode[data-node-id="${vgg.id}"]`);
    expect(await page.locator('[data-testid=readonly-note]').count()).toBe(0);
  });

  it('refuses a wrong connection while dragging and says why', async () => {
    await openTemplate('dcgan-mnist.json');
    const before = (await doc()).edges.length;
    const reason = await dragOnto(['data', 'image'], ['schedule', 'phases']);
    expect(await reason.textContent()).toMatch(/E003 .*schedule expects phase, data gives image/);
    await screenshot(page, 'connection-refused-while-dragging');
    await page.mouse.up();
    await expect.poll(() => page.locator('[data-testid=toast-error]').last().textContent()).toMatch(/Connection refused: E003/);
    expect((await doc()).edges.length).toBe(before);
  });

  it('paints a shape error on the edge it concerns and fixes it through the parameter form', async () => {
    await openTemplate('dcgan-mnist.json');
    await page.click('.gnode[data-node-id="z"] .gnode-head');
    await page.waitForSelector('[data-testid=inspector] [data-param="dims"]');
    await setParam('dims', '64');
    await expect.poll(() => page.locator('.edge-label.edge-error').count()).toBeGreaterThan(0);
    expect(await page.locator('.diag-error').first().textContent()).toMatch(/E004 .*fake expects \[B, 100\], z makes \[B, 64\]/);
    await setParam('dims', '-3');
    await expect.poll(() => page.locator('[data-testid=param-error]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=param-error]').first().textContent()).toMatch(/dims/);
    await screenshot(page, 'parameter-form-error');
    await setParam('dims', '100');
    await expect.poll(() => page.locator('.gnode.has-error, .edge-label.edge-error, [data-testid=param-error]').count()).toBe(0);
    expect((await doc()).nodes.find((n) => n.id === 'z')!.params.dims).toBe(100);
    await expect.poll(() => page.locator('.diag-ok').count()).toBe(1);
  });

  it('warns (W001, not an error) about a conv bias that feeds only batch norm, still lets it run, and clears when the bias is unticked', async () => {
    // The DCGAN template with a bias on D's conv2, whose only consumer is bn2, opened as a file.
    await openAsFile(dcganWithDiscriminator({ conv2: { useBias: true } }), 'dcgan-conv2-bias.json');
    const conv2 = async () => (await doc()).networks.dcgan_discriminator!.nodes.find((n) => n.id === 'conv2')!;
    await expect.poll(async () => (await conv2()).params.useBias).toBe(true);

    // The Problems panel lists exactly this one warning, visibly, styled as a warning.
    const problems = page.locator('.problems .diag');
    await expect.poll(() => problems.count()).toBe(1);
    const w001 = problems.first();
    expect(await w001.isVisible()).toBe(true);
    expect(await w001.getAttribute('class')).toBe('diag diag-warning');
    expect(await w001.textContent()).toMatch(
      /^W001 \[dcgan_discriminator\] the bias of "conv2" feeds only "bn2" \(layers\.batchNorm\), which subtracts each channel's mean: .*set useBias to false$/,
    );
    expect(await page.locator('.problems h3').textContent()).toBe('Problems (1)');
    // From the top level, D and the two Apply nodes that call it carry an amber marker (the
    // warning is inside D's definition); nothing is marked as an error, G's nodes not at all.
    await expect.poll(() => insideMarked('warning')).toEqual(['D', 'd_fake', 'd_real']);
    expect(await insideMarked('error')).toEqual([]);
    expect(await page.locator('.gnode.has-warning, .gnode.has-error').count()).toBe(0);
    const marker = page.locator('.gnode[data-node-id="d_real"] [data-testid=inside-marker]');
    expect(await marker.getAttribute('class')).toBe('gnode-inside gnode-inside-warning');
    expect(await marker.textContent()).toBe('△ W001 inside');
    expect(await marker.getAttribute('title')).toMatch(/^1 warning inside network "dcgan_discriminator" \(open it to see\):\nW001 \[dcgan_discriminator\] the bias of "conv2" feeds only "bn2"/);
    // Advice, not a failure: the graph still counts as valid (the status bar counts the warning
    // beside it) and both ways to train stay open.
    expect(await page.locator('.toolbar-status').textContent()).toMatch(/^13 nodes · valid · 1 warning · validated /);
    expect(await page.isEnabled('[data-testid=run-runner]')).toBe(true);
    expect(await page.isEnabled('[data-testid=run-tab]')).toBe(true);
    await screenshot(page, 'warning-w001-problems');
    // And the runner compiles and trains it (2 steps: what matters is that nothing refuses it).
    await page.fill('[data-testid=steps]', '2');
    await page.click('[data-testid=run-runner]');
    await runEnded();
    expect(await page.locator('[data-testid=run-error]').count()).toBe(0);
    expect(await page.locator('[data-testid=run-status]').textContent()).toBe('finished');
    expect(await page.locator('[data-testid=run-step]').textContent()).toMatch(/step 2 \/ 2/);

    // Clicking the warning goes into the discriminator, where conv2 is marked (as a warning) and selected.
    await w001.click();
    await page.waitForSelector('.gnode[data-node-id="conv2"]');
    expect(await page.locator('.breadcrumb button.current').textContent()).toBe('DCGAN discriminator');
    const node = page.locator('.gnode[data-node-id="conv2"]');
    expect(await node.getAttribute('class')).toMatch(/\bhas-warning\b/);
    expect(await page.locator('.gnode.has-error').count()).toBe(0);
    const strip = node.locator('.gnode-diag');
    expect(await strip.getAttribute('class')).toBe('gnode-diag gnode-diag-warning');
    expect(await strip.textContent()).toMatch(/^△ W001 the bias of "conv2" feeds only "bn2"/);
    // On the canvas the message is one cut line that leaves the next layer uncovered; the tooltip has it all.
    expect(await strip.getAttribute('title')).toMatch(/^W001 the bias of "conv2" feeds only "bn2" .*set useBias to false$/);
    // Both boxes in one evaluate: the view may still be zooming onto conv2.
    const [conv2Box, bn2Box] = await page.evaluate(() =>
      ['conv2', 'bn2'].map((id) => {
        const r = document.querySelector(`.gnode[data-node-id="${id}"]`)!.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom };
      }),
    );
    expect(conv2Box!.bottom).toBeLessThanOrEqual(bn2Box!.top);
    await expect.poll(() => page.locator('[data-testid=inspector] h2').textContent()).toMatch(/^conv2 /);
    expect(await page.locator('[data-testid=inspector] .diag-warning').textContent()).toMatch(/^W001 the bias of "conv2"/);
    // The form says it beside the field W001 points at (params.useBias), as a warning, not an error.
    const useBiasField = page.locator('[data-testid=inspector] [data-param="useBias"]');
    expect(await useBiasField.getAttribute('class')).toBe('param param-warned');
    expect(await useBiasField.locator('[data-testid=param-warning]').textContent()).toMatch(/^W001 the bias of "conv2" feeds only "bn2" .*set useBias to false$/);
    expect(await page.locator('[data-testid=inspector] [data-testid=param-warning]').count()).toBe(1);
    expect(await page.locator('[data-testid=inspector] [data-testid=param-error]').count()).toBe(0);
    await screenshot(page, 'warning-w001-node');

    // The user unticks useBias in the form: the warning goes everywhere, and the document says false.
    const useBias = page.locator('[data-testid=inspector] [data-param="useBias"] input[type=checkbox]');
    expect(await useBias.isChecked()).toBe(true);
    await useBias.uncheck();
    await expect.poll(() => page.locator('.diag-ok').count()).toBe(1);
    expect(await problems.count()).toBe(0);
    expect(await page.locator('[data-testid=inspector] [data-testid=param-warning]').count()).toBe(0);
    expect(await useBiasField.getAttribute('class')).toBe('param');
    expect(await page.locator('.gnode.has-warning, .gnode.has-error').count()).toBe(0);
    expect((await conv2()).params.useBias).toBe(false);
    expect(await page.locator('.toolbar-status').textContent()).toMatch(/^9 nodes · valid · validated /);
    await page.click('.breadcrumb button >> nth=0');
    await page.waitForSelector('.gnode[data-node-id="schedule"]');
    expect(await page.locator('[data-testid=inside-marker]').count()).toBe(0);
    expect(await insideMarked('warning')).toEqual([]);
  });

  it('marks the network nodes red from the top level when an error is inside, counting a warning beside it', async () => {
    // D's score layer gets a bad param (E006) and conv2 a bias before bn2 (W001, upstream of score).
    const graph = dcganWithDiscriminator({ conv2: { useBias: true }, score: { units: -1 } });
    await openAsFile(graph, 'dcgan-bad-score.json');
    await expect.poll(() => insideMarked('error')).toEqual(['D', 'd_fake', 'd_real']);
    expect(await insideMarked('warning')).toEqual([]);
    // Core reports the broken definition on D itself (E019); the Apply nodes only carry the marker.
    expect(await page.locator('.gnode[data-node-id="D"]').getAttribute('class')).toMatch(/\bhas-error\b/);
    expect(await page.locator('.gnode[data-node-id="D"] .gnode-diag').textContent()).toMatch(/^⚠ E019 /);
    expect(await page.locator('.gnode[data-node-id="d_fake"]').getAttribute('class')).not.toMatch(/\bhas-(error|warning)\b/);
    const marker = page.locator('.gnode[data-node-id="d_fake"] [data-testid=inside-marker]');
    expect(await marker.getAttribute('class')).toBe('gnode-inside gnode-inside-error');
    expect(await marker.textContent()).toBe('⚠ 2 inside');
    expect(await marker.getAttribute('title')).toMatch(/^1 error and 1 warning inside network "dcgan_discriminator" \(open it to see\):\n/);
    expect(await page.locator('.toolbar-status').textContent()).toMatch(/^13 nodes · 2 errors · 1 warning · validated /);
    await screenshot(page, 'error-inside-network');
  });

  it('keeps the Apply nodes\' ports and edges, on the canvas and in the saved document, while an error is inside their network', async () => {
    // A bad param inside D (E006 on score): analysis of D fails, so it gives d_real and d_fake no
    // ports from D's signature. They still show D's boundary ports (x in, logits out), every
    // edge is drawn, and the document loses none of them.
    const graph = dcganWithDiscriminator({ score: { units: 0 } });
    await openAsFile(graph, 'dcgan-score-0.json');
    await expect.poll(() => insideMarked('error')).toEqual(['D', 'd_fake', 'd_real']);
    const applyEdges = (edges: unknown[]) =>
      (edges as { source: string; target: string }[]).filter((e) => ['d_real', 'd_fake'].includes(e.source) || ['d_real', 'd_fake'].includes(e.target));
    expect(applyEdges(graph.edges)).toHaveLength(7);
    // Exactly the bad param and the broken definition on D: nothing about the Apply nodes' edges.
    const problems = page.locator('.problems .diag');
    expect(await problems.evaluateAll((els) => els.map((e) => (e.textContent ?? '').split(' ')[0]))).toEqual(['E006', 'E019']);
    expect(await page.locator('.problems .diag', { hasText: /d_real|d_fake/ }).count()).toBe(0);
    const applyPorts = { in: ['network', 'x'], out: ['logits'] };
    expect(await portsShown('d_real')).toEqual(applyPorts);
    expect(await portsShown('d_fake')).toEqual(applyPorts);
    expect(await edgesDrawn()).toEqual(edgeKeysOf(graph.edges));
    expect(await edgesDrawn()).toEqual(expect.arrayContaining(['data.image->d_real.x', 'fake.image->d_fake.x', 'd_real.logits->loss_d.real', 'd_fake.logits->loss_g.fake']));
    await screenshot(page, 'error-inside-network-apply-ports');

    // Unrelated edits: drag d_real a little, and change the preview's sample count in the form.
    const head = await page.locator('.gnode[data-node-id="d_real"] .gnode-head').boundingBox();
    await page.mouse.move(head!.x + 10, head!.y + head!.height / 2);
    await page.mouse.down();
    await page.mouse.move(head!.x + 70, head!.y + head!.height / 2 + 40, { steps: 6 });
    await page.mouse.up();
    await page.click('.gnode[data-node-id="preview"] .gnode-head');
    await setParam('count', '16');
    await expect.poll(async () => (await doc()).nodes.find((n) => n.id === 'preview')!.params.count).toBe(16);
    const position = (d: Doc) => d.nodes.find((n) => n.id === 'd_real')!.position;
    expect(position(await doc())).not.toEqual(position(graph));

    // Save (browser storage) and export (download): both hold every edge, at both levels.
    await page.click('[data-testid=save]');
    const saved = JSON.parse((await page.evaluate(() => localStorage.getItem('ganvas.editor.document')))!) as Doc;
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export]')]);
    const exported = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as Doc;
    for (const [what, d] of [['saved', saved], ['exported', exported]] as const) {
      expect(d.edges, what).toEqual(graph.edges);
      expect(applyEdges(d.edges), what).toHaveLength(7);
      expect(d.networks.dcgan_discriminator!.edges, what).toEqual(graph.networks.dcgan_discriminator!.edges);
      expect(d.networks.dcgan_discriminator!.nodes.find((n) => n.id === 'score')!.params.units, what).toBe(0);
    }
    // And they reopen with all of it.
    await page.reload();
    await page.waitForSelector('.gnode[data-node-id="schedule"]');
    expect((await doc()).edges).toEqual(graph.edges);
    await expect.poll(edgesDrawn).toEqual(edgeKeysOf(graph.edges));

    // The user fixes the param (from the Problems list into D, then the form): the error goes,
    // and the Apply nodes' ports, the drawn edges and the document's edges are as they were.
    await page.locator('.problems .diag', { hasText: 'E006' }).click();
    await page.waitForSelector('.gnode[data-node-id="score"]');
    await expect.poll(() => page.locator('[data-testid=inspector] h2').textContent()).toMatch(/^score /);
    await setParam('units', '1');
    await expect.poll(() => page.locator('.diag-ok').count()).toBe(1);
    await page.click('.breadcrumb button >> nth=0');
    await page.waitForSelector('.gnode[data-node-id="schedule"]');
    expect(await insideMarked('error')).toEqual([]);
    expect(await portsShown('d_real')).toEqual(applyPorts);
    expect(await portsShown('d_fake')).toEqual(applyPorts);
    await expect.poll(edgesDrawn).toEqual(edgeKeysOf(graph.edges));
    const fixed = await doc();
    expect(fixed.edges).toEqual(graph.edges);
    expect(fixed.networks.dcgan_discriminator!.edges).toEqual(graph.networks.dcgan_discriminator!.edges);
    expect(fixed.networks.dcgan_discriminator!.nodes.find((n) => n.id === 'score')!.params.units).toBe(1);
  });

  it('refuses a wrong edge dropped onto an Apply node while its network is broken, saying what it says when the network is healthy', async () => {
    // data.label (onehot) onto d_real.x (image): once with D healthy, once with a bad param inside D.
    const dragRefused = async (): Promise<string> => {
      const before = (await doc()).edges.length;
      const reason = await dragOnto(['data', 'label'], ['d_real', 'x']);
      const text = ((await reason.textContent()) ?? '').replace(/^✕ /, '');
      await page.mouse.up();
      await expect.poll(() => page.locator('[data-testid=toast-error]').last().textContent()).toBe(`Connection refused: ${text}`);
      expect((await doc()).edges.length).toBe(before);
      return text;
    };
    await openTemplate('dcgan-mnist.json');
    const healthy = await dragRefused();
    expect(healthy).toMatch(/E003 edge data\.label → d_real\.x: d_real expects image, data gives onehot/);
    await openAsFile(dcganWithDiscriminator({ score: { units: 0 } }), 'dcgan-score-0-drag.json');
    await expect.poll(() => insideMarked('error')).toEqual(['D', 'd_fake', 'd_real']);
    expect(await dragRefused()).toBe(healthy);
    await screenshot(page, 'connection-refused-network-broken');
  });

  it("sets the DCGAN generator optimizer's lrDecay through its sub-fields, saves it, undoes it and switches it off", async () => {
    await openTemplate('dcgan-mnist.json');
    await page.click('.gnode[data-node-id="opt_g"] .gnode-head');
    const group = page.locator('[data-testid=inspector] fieldset[data-param="lrDecay"]');
    await group.waitFor();
    const optG = async () => (await doc()).nodes.find((n) => n.id === 'opt_g')!.params;
    const before = await optG();
    expect(before).not.toHaveProperty('lrDecay');
    const errorBeside = (sub: string) => group.locator(`[data-param="lrDecay.${sub}"] [data-testid=param-error]`);
    // Switched on: from and to have no default, so the validator names each beside its sub-field.
    await group.locator('[data-testid=param-object-toggle]').check();
    await expect.poll(async () => (await optG()).lrDecay).toEqual({});
    await expect.poll(() => errorBeside('to').count()).toBe(1);
    expect(await errorBeside('from').textContent()).toMatch(/^E006 .*"lrDecay\.from"/);
    await setParam('lrDecay.from', '100');
    await setParam('lrDecay.to', '50');
    await expect.poll(() => errorBeside('to').textContent()).toMatch(/"to" \(50\) must come after "from" \(100\)/);
    expect(await errorBeside('from').count()).toBe(0);
    await screenshot(page, 'parameter-form-lrdecay-error');
    await setParam('lrDecay.to', '200');
    await expect.poll(() => page.locator('[data-testid=inspector] [data-testid=param-error]').count()).toBe(0);
    expect(await optG()).toEqual({ ...before, lrDecay: { from: 100, to: 200 } });
    await page.click('[data-testid=save]');
    const saved = JSON.parse((await page.evaluate(() => localStorage.getItem('ganvas.editor.document')))!) as Doc;
    expect(saved.nodes.find((n) => n.id === 'opt_g')!.params).toEqual({ ...before, lrDecay: { from: 100, to: 200 } });
    // Undo and redo step through the edits one at a time, as for any other param.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await optG()).lrDecay).toEqual({ from: 100, to: 50 });
    expect(await group.locator('[data-param="lrDecay.to"] input').inputValue()).toBe('50');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await optG()).lrDecay).toEqual({ from: 100, to: 200 });
    // Switched off: the key goes from the document and the sub-fields from the form.
    await group.locator('[data-testid=param-object-toggle]').uncheck();
    await expect.poll(optG).toEqual(before);
    expect(await group.locator('[data-param="lrDecay.from"]').count()).toBe(0);
  });

  it('trains 20 steps on the runner: loss curve and sample grid', async () => {
    await openTemplate('vae-mnist.json');
    const r = await trainTwentySteps('run-runner');
    expect(r.status).toBe('finished');
    expect(r.stats).toContain('step 20 / 20');
    expect(r.stats).toContain('backend: wasm');
    expect(r.points).toBe(20);
    expect(r.sampleWidth).toBeGreaterThan(100);
    await screenshot(page, 'train-runner-vae');
  });

  it('trains 20 steps in this tab with TensorFlow.js, showing the backend', async () => {
    await openTemplate('vae-mnist.json');
    const r = await trainTwentySteps('run-tab');
    expect(r.status).toBe('finished');
    expect(r.points).toBe(20);
    expect(r.sampleWidth).toBeGreaterThan(100);
    // Headless chromium without a GPU: auto skips software WebGL and uses threaded wasm.
    expect(r.stats).toMatch(/backend: (wasm|webgl|webgpu|cpu)/);
    const losses = await page.$eval('[data-testid=loss-chart] polyline', (el) => el.getAttribute('points'));
    expect(losses).toBeTruthy();
    await screenshot(page, 'train-tab-vae');
  });

  it('saves, reloads and exports the same document', async () => {
    await openTemplate('dcgan-mnist.json');
    await page.click('.gnode[data-node-id="z"] .gnode-head');
    await setParam('dims', '100');
    const edited = await doc();
    await page.click('[data-testid=save]');
    await page.reload();
    await page.waitForSelector('.gnode[data-node-id="schedule"]');
    expect(await doc()).toEqual(edited);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export]')]);
    const exported = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as unknown;
    expect(exported).toEqual(edited);
    await page.click('text=New');
    expect((await doc()).nodes).toHaveLength(0);
    await page.setInputFiles('[data-testid=open-file]', (await download.path())!);
    await expect.poll(doc).toEqual(edited);
  });

  it("lists the runner's notes on a run: a graph that cannot be split across --workers 2 trains on one, with the reason", async () => {
    const parallel = await startRunner(['--workers', '2']);
    const main = page;
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    try {
      await page.goto(parallel.url);
      await page.waitForSelector('[data-testid=canvas]');
      await openTemplate('stargan-two-datasets.json');
      await page.fill('[data-testid=steps]', '2');
      await page.click('[data-testid=run-runner]');
      await runEnded();
      expect(await page.textContent('[data-testid=run-status]')).toBe('finished');
      const notes = page.locator('[data-testid=run-notes] li');
      const warning = notes.filter({ hasText: 'cannot be split' });
      await expect.poll(() => warning.count()).toBe(1);
      expect(await warning.getAttribute('class')).toBe('warn');
      const text = (await warning.textContent()) ?? '';
      expect(text).toMatch(/^warning: training on one worker: this graph cannot be split across 2:/);
      expect(text).toMatch(/node "images" \(layers\.concat\): it joins along the batch axis/);
      await screenshot(page, 'run-notes-workers');
    } finally {
      await page.close();
      page = main;
      await parallel.close();
    }
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
