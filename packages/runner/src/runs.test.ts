import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from './messages.js';
import { startRunner, type Runner } from './server.js';
import { Inbox, api, connectWs, fixtures, request, runnerRoot, subscribeAll, template, tinyGraph } from './test-helpers.js';

// Training runs over real HTTP + WebSocket: each trains in a worker thread (dist/run-worker.js,
// so the package must be built) on wasm or cpu, for a handful of steps.

let tmp: string;
let runner: Runner;
let port: number;
let token: string;
let ws: WebSocket;
let inbox: Inbox;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'ganvas-runs-'));
  // The crash plug-in is discovered like any installed package.
  runner = await startRunner({
    port: 0,
    runsDir: path.join(tmp, 'runs'),
    searchDirs: [runnerRoot, path.join(fixtures, 'crash-plugin')],
    log: () => undefined,
  });
  ({ port, token } = runner);
  ({ ws, inbox } = await subscribeAll(runner));
});

afterAll(async () => {
  ws?.close();
  await runner?.close();
  await rm(tmp, { recursive: true, force: true });
});

const isStatus = (run: string, ...statuses: string[]) => (m: ServerMessage) =>
  m.type === 'status' && m.run === run && statuses.includes(m.status);

async function startRun(body: Record<string, unknown>): Promise<{ id: string; dir: string }> {
  const r = await api(port, token, '/api/runs', 'POST', body);
  expect(r.status, r.text).toBe(201);
  return r.json;
}

async function metricSteps(dir: string): Promise<number[]> {
  const text = await readFile(path.join(dir, 'metrics.jsonl'), 'utf8');
  return text.trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { step: number }).step);
}

const latest = async (dir: string) => (await readFile(path.join(dir, 'checkpoints', 'latest'), 'utf8')).trim();
const stepDir = (n: number) => `step-${String(n).padStart(6, '0')}`;

describe('a run', () => {
  it('trains the VAE template for 5 steps on wasm, streams steps and samples, writes the run directory', async () => {
    const { id, dir } = await startRun({ document: template('vae-mnist.json'), steps: 5, backend: 'wasm', sampleEvery: 5, checkpointEvery: 0 });
    expect(dir).toBe(path.join(tmp, 'runs', id));
    await inbox.waitFor(isStatus(id, 'finished', 'failed', 'stopped'));
    const mine = inbox.messages.filter((m) => m.run === id);
    const steps = mine.filter((m): m is Extract<ServerMessage, { type: 'step' }> => m.type === 'step');
    expect(steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5]);
    for (const s of steps) {
      expect(Object.keys(s.losses)).toEqual(['VAE']);
      expect(s.losses.VAE).toBeGreaterThan(50); // negative ELBO per image of an untrained VAE
      expect(s.ms).toBeGreaterThan(0);
    }
    expect(steps[4]!.stepsPerSecond).toBeGreaterThan(0);
    expect(steps[4]!.etaSeconds).toBe(0);
    expect(mine.at(-1)).toEqual({ type: 'status', run: id, status: 'finished', step: 5, steps: 5, backend: 'wasm' });
    const sample = mine.find((m) => m.type === 'sample');
    expect(sample).toEqual({ type: 'sample', run: id, step: 5, file: 'samples/step-000005.png' });
    const png = await request(port, `/api/runs/${id}/files/samples/step-000005.png`, { headers: { 'x-ganvas-token': token } });
    expect(png.status).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.text.slice(1, 4)).toBe('PNG');
    expect(await metricSteps(dir)).toEqual([1, 2, 3, 4, 5]);
    expect(await latest(dir)).toBe(stepDir(5));
    const info = JSON.parse(await readFile(path.join(dir, 'run.json'), 'utf8'));
    expect(info).toMatchObject({ backend: 'wasm', steps: 5, seed: 1, batchSize: 100, finishedAt: expect.any(String) });
    const graph = JSON.parse(await readFile(path.join(dir, 'graph.json'), 'utf8'));
    expect(graph.training).toMatchObject({ steps: 5, sampleEvery: 5, checkpointEvery: 0 });
    const details = await api(port, token, `/api/runs/${id}`);
    expect(details.json).toMatchObject({ id, status: 'finished', step: 5, steps: 5, samples: ['latest.png', 'step-000005.png'] });
    expect(details.json.metrics.map((m: { step: number }) => m.step)).toEqual([1, 2, 3, 4, 5]);
    const list = await api(port, token, '/api/runs');
    expect(list.json).toContainEqual({ id, status: 'finished', step: 5, steps: 5 });
    const metrics = await request(port, `/api/runs/${id}/files/metrics.jsonl`, { headers: { 'x-ganvas-token': token } });
    expect(metrics.text.trim().split('\n')).toHaveLength(5);
  });

  it('pauses, steps one phase at a time (D then G), steps whole steps, resumes and stops with a consistent directory', async () => {
    const doc = template('dcgan-mnist.json');
    doc.training.batchSize = 8;
    const { id, dir } = await startRun({ document: doc, steps: 1000, backend: 'wasm', sampleEvery: 0, checkpointEvery: 0 });
    const sub = await connectWs(port, { origin: `http://127.0.0.1:${port}`, query: `?token=${token}` });
    const only = new Inbox(sub.ws!);
    sub.ws!.send(JSON.stringify({ type: 'subscribe', run: id }));
    await inbox.waitFor((m) => m.type === 'step' && m.run === id);
    const early = await api(port, token, `/api/runs/${id}/step`, 'POST', { phase: 'D' });
    expect(early.status).toBe(409);

    const paused = await api(port, token, `/api/runs/${id}/pause`, 'POST');
    expect(paused.status).toBe(200);
    expect(paused.json).toMatchObject({ id, status: 'paused', steps: 1000 });
    const at = paused.json.step as number;
    expect(at).toBeGreaterThan(0);
    expect(await latest(dir)).toBe(stepDir(at)); // pausing writes a checkpoint
    expect((await api(port, token, `/api/runs/${id}`)).json).toMatchObject({ status: 'paused', step: at, phases: [{ name: 'D' }, { name: 'G' }] });

    const d = await api(port, token, `/api/runs/${id}/step`, 'POST', { phase: 'D' });
    expect(d.status, d.text).toBe(200);
    expect(d.json).toMatchObject({ status: 'paused', step: at, phase: 'D', loss: expect.any(Number) });
    expect(d.json.losses).toBeUndefined();
    const g = await api(port, token, `/api/runs/${id}/step`, 'POST', { phase: 'G' });
    expect(g.json).toMatchObject({ step: at + 1, phase: 'G', losses: { D: d.json.loss, G: g.json.loss } });
    const whole = await api(port, token, `/api/runs/${id}/step`, 'POST', {});
    expect(whole.json).toMatchObject({ step: at + 2, losses: { D: expect.any(Number), G: expect.any(Number) } });
    expect((await api(port, token, `/api/runs/${id}/step`, 'POST', { phase: 'E' })).status).toBe(400);
    await only.waitFor((m) => m.type === 'step' && m.step === at + 2);
    expect(only.messages.filter((m) => m.type === 'phase').map((m) => m.type === 'phase' && [m.step, m.phase])).toEqual([
      [at + 1, 'D'],
      [at + 1, 'G'],
    ]);
    expect(only.messages.every((m) => m.run === id)).toBe(true);
    expect(await latest(dir)).toBe(stepDir(at + 2)); // steps made while paused are checkpointed too
    expect(await metricSteps(dir)).toEqual(Array.from({ length: at + 2 }, (_, i) => i + 1));

    const resumed = await api(port, token, `/api/runs/${id}/resume`, 'POST');
    expect(resumed.json.status).toBe('running');
    await inbox.waitFor((m) => m.type === 'step' && m.run === id && m.step >= at + 4);
    const stopped = await api(port, token, `/api/runs/${id}/stop`, 'POST');
    expect(stopped.json.status).toBe('stopped');
    const steps = await metricSteps(dir);
    const last = steps.at(-1)!;
    expect(steps).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    expect(last).toBe(stopped.json.step);
    expect(await latest(dir)).toBe(stepDir(last));
    expect((await api(port, token, `/api/runs/${id}/resume`, 'POST')).status).toBe(409);
    sub.ws!.close();
  });

  it('starts paused when asked, so the first update made by hand is the first of step 1', async () => {
    const doc = template('dcgan-mnist.json');
    doc.training.batchSize = 8;
    const { id } = await startRun({ document: doc, steps: 10, backend: 'wasm', sampleEvery: 0, checkpointEvery: 0, paused: true });
    await inbox.waitFor((m) => m.type === 'status' && m.run === id && m.status === 'paused');
    expect((await api(port, token, `/api/runs/${id}`)).json).toMatchObject({ status: 'paused', step: 0 });
    const d = await api(port, token, `/api/runs/${id}/step`, 'POST', { phase: 'D' });
    expect(d.json).toMatchObject({ status: 'paused', step: 0, phase: 'D' });
    const g = await api(port, token, `/api/runs/${id}/step`, 'POST', { phase: 'G' });
    expect(g.json).toMatchObject({ status: 'paused', step: 1, phase: 'G' });
    await api(port, token, `/api/runs/${id}/stop`, 'POST');
  });

  it('a run that throws in a step fails with the last good step checkpointed; the server keeps serving', async () => {
    const g = tinyGraph();
    g.nodes.push({ id: 'crash', type: 'crash.passthrough', version: 1, params: { atStep: 3, mode: 'throw' } });
    const e = g.edges.find((x: { target: string; targetPort: string }) => x.target === 'loss' && x.targetPort === 'prediction');
    Object.assign(e, { target: 'crash', targetPort: 'x' });
    g.edges.push({ source: 'crash', sourcePort: 'y', target: 'loss', targetPort: 'prediction' });
    const { id, dir } = await startRun({ document: g, backend: 'cpu', steps: 10 });
    await inbox.waitFor(isStatus(id, 'failed', 'finished'));
    const details = await api(port, token, `/api/runs/${id}`);
    expect(details.json).toMatchObject({ status: 'failed', step: 3, error: expect.stringMatching(/step 4, phase "G": node "crash" \(crash\.passthrough\): boom/) });
    expect(inbox.messages).toContainEqual({ type: 'error', run: id, message: details.json.error });
    expect(await metricSteps(dir)).toEqual([1, 2, 3]);
    expect(await latest(dir)).toBe(stepDir(3));
    expect((await api(port, token, '/api/catalogue')).status).toBe(200);
  });

  it('a run whose thread dies (exit, uncaught error) is failed, keeps its checkpoints, and the server keeps serving', async () => {
    for (const mode of ['exit', 'uncaught'] as const) {
      const g = tinyGraph();
      g.nodes.push({ id: 'crash', type: 'crash.passthrough', version: 1, params: { atStep: 4, mode } });
      const e = g.edges.find((x: { target: string; targetPort: string }) => x.target === 'loss' && x.targetPort === 'prediction');
      Object.assign(e, { target: 'crash', targetPort: 'x' });
      g.edges.push({ source: 'crash', sourcePort: 'y', target: 'loss', targetPort: 'prediction' });
      const { id, dir } = await startRun({ document: g, backend: 'cpu', steps: 100000, checkpointEvery: 2 });
      await inbox.waitFor(isStatus(id, 'failed', 'finished'));
      const details = await api(port, token, `/api/runs/${id}`);
      expect(details.json.status).toBe('failed');
      expect(details.json.error).toMatch(mode === 'exit' ? /exited unexpectedly \(code 3\)/ : /crashed: uncaught boom/);
      const checkpoints = await readdir(path.join(dir, 'checkpoints'));
      expect(checkpoints).toContain(stepDir(4));
      const steps = await metricSteps(dir);
      expect(steps.slice(0, 4)).toEqual([1, 2, 3, 4]);
      expect((await api(port, token, '/api/templates')).status).toBe(200);
    }
  });
});
