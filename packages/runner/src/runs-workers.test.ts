import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from './messages.js';
import { startRunner, type Runner } from './server.js';
import { api, runnerRoot, subscribeAll, template, type Inbox } from './test-helpers.js';

// `ganvas serve --workers 2`: every run trains data-parallel on two threads when its graph can
// be split, and on one (with a warning on the WebSocket) when it cannot.

let tmp: string;
let runner: Runner;
let ws: WebSocket;
let inbox: Inbox;
const logged: string[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'ganvas-runs-workers-'));
  runner = await startRunner({ port: 0, runsDir: path.join(tmp, 'runs'), searchDirs: [runnerRoot], workers: 2, log: (line) => logged.push(line) });
  ({ ws, inbox } = await subscribeAll(runner));
});

afterAll(async () => {
  ws?.close();
  await runner?.close();
  await rm(tmp, { recursive: true, force: true });
});

const isStatus = (run: string, ...statuses: string[]) => (m: ServerMessage) => m.type === 'status' && m.run === run && statuses.includes(m.status);
const runInfo = async (dir: string) => JSON.parse(await readFile(path.join(dir, 'run.json'), 'utf8')) as { workers?: number };

async function startRun(body: Record<string, unknown>): Promise<{ id: string; dir: string }> {
  const r = await api(runner.port, runner.token, '/api/runs', 'POST', body);
  expect(r.status, r.text).toBe(201);
  return r.json;
}

describe('a runner started with two workers', () => {
  it('trains DCGAN on both, records it in run.json, and refuses to step one phase (whole steps only)', async () => {
    const { id, dir } = await startRun({ document: template('dcgan-mnist.json'), steps: 2, backend: 'wasm', sampleEvery: 0, checkpointEvery: 0, paused: true });
    await inbox.waitFor(isStatus(id, 'paused'));
    const phase = await api(runner.port, runner.token, `/api/runs/${id}/step`, 'POST', { phase: 'D' });
    expect(phase.status).toBe(409);
    expect(phase.json.error.message).toBe('this run trains on 2 workers, which step whole steps only; start the runner without --workers to step one phase at a time');
    const whole = await api(runner.port, runner.token, `/api/runs/${id}/step`, 'POST', {});
    expect(whole.json).toMatchObject({ status: 'paused', step: 1 });
    await api(runner.port, runner.token, `/api/runs/${id}/resume`, 'POST');
    await inbox.waitFor(isStatus(id, 'finished', 'failed', 'stopped'));
    expect((await api(runner.port, runner.token, `/api/runs/${id}`)).json).toMatchObject({ status: 'finished', step: 2 });
    expect((await runInfo(dir)).workers).toBe(2);
    const losses = inbox.messages.filter((m): m is Extract<ServerMessage, { type: 'step' }> => m.type === 'step' && m.run === id);
    expect(losses.map((m) => m.step)).toEqual([1, 2]);
    for (const m of losses) expect(Number.isFinite(m.losses.D!) && Number.isFinite(m.losses.G!)).toBe(true);
  });

  it('trains a graph that cannot be split (two datasets joined along the batch axis) on one worker, and says why', async () => {
    const { id, dir } = await startRun({ document: template('stargan-two-datasets.json'), steps: 1, backend: 'wasm', sampleEvery: 0, checkpointEvery: 0 });
    await inbox.waitFor(isStatus(id, 'finished', 'failed', 'stopped'));
    expect((await api(runner.port, runner.token, `/api/runs/${id}`)).json).toMatchObject({ status: 'finished', step: 1 });
    const note = inbox.messages.find((m): m is Extract<ServerMessage, { type: 'log' }> => m.type === 'log' && m.run === id);
    expect(note).toMatchObject({ level: 'warn', message: expect.stringMatching(/^training on one worker: this graph cannot be split across 2:\n {2}- node "(images|cond)" \(layers\.concat\): it joins along the batch axis/) });
    expect(logged.some((l) => l.startsWith(`run ${id}: warning: training on one worker`))).toBe(true);
    expect((await runInfo(dir)).workers).toBeUndefined();
  });
});
