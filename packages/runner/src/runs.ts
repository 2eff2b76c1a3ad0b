import { randomBytes } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { RunDir } from '@ganvas/host-node';
import { HttpError } from './http-error.js';
import type { FromWorker, RunSpec, RunStatus, ToWorker, WorkerData } from './protocol.js';
import { ProgressRate } from './rate.js';
import type { ServerMessage } from './messages.js';

/**
 * The runs of one server: each trains in a worker thread; their state is mirrored here from
 * the worker's messages, and runs found on disk (earlier sessions, `ganvas train`) are listed
 * from their directories. A worker that dies (uncaught error, exit) marks its run failed; the
 * checkpoints it wrote stay on disk, written atomically.
 */

export interface RunSummary {
  id: string;
  status: RunStatus;
  step: number;
  steps: number;
}

export interface RunDetails extends RunSummary {
  metrics: unknown[];
  samples: string[];
  error?: string;
  phases?: { name: string; repeat: number }[];
  backend?: string;
}

interface LiveRun extends RunSummary {
  dir: string;
  worker: Worker | undefined;
  error?: string;
  phases?: { name: string; repeat: number }[];
  backend?: string;
  rate: ProgressRate;
  pending: Map<number, { resolve: (m: Extract<FromWorker, { type: 'stepResult' }>) => void }>;
  /** Resolved on every status change (pause/stop wait for it). */
  changed: (() => void)[];
}

export interface RunManagerOptions {
  runsDir: string;
  /** The built worker script (dist/run-worker.js). */
  workerUrl: URL;
  searchDirs: string[];
  graphDir: string;
  ganvasVersion: string;
  /** Where the runs' log notes go besides the WebSocket (the server's log). */
  log?: (line: string) => void;
  /** Data-parallel workers per run (default 1); see WorkerData.workers. */
  workers?: number;
  /** Metrics records returned by `details`. */
  metricsTail?: number;
}

/** Run ids name directories: short, safe characters only. */
export const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export class RunManager {
  private readonly live = new Map<string, LiveRun>();
  private nextRequest = 1;
  private readonly listeners = new Set<(m: ServerMessage) => void>();

  constructor(readonly options: RunManagerOptions) {}

  onMessage(listener: (m: ServerMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private broadcast(m: ServerMessage): void {
    for (const l of this.listeners) {
      try {
        l(m);
      } catch {
        // A broken listener (closed socket) must not stop the others.
      }
    }
  }

  dirOf(id: string): string {
    if (!RUN_ID.test(id)) throw new HttpError(404, 'not_found', `no run "${id}"`);
    return path.join(this.options.runsDir, id);
  }

  async start(spec: RunSpec): Promise<{ id: string; dir: string }> {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    const id = `${stamp}-${randomBytes(3).toString('hex')}`;
    const dir = this.dirOf(id);
    await mkdir(dir, { recursive: true });
    const data: WorkerData = {
      spec,
      dir,
      searchDirs: this.options.searchDirs,
      graphDir: this.options.graphDir,
      ganvasVersion: this.options.ganvasVersion,
      workers: this.options.workers ?? 1,
    };
    const worker = new Worker(this.options.workerUrl, { workerData: data });
    const run: LiveRun = {
      id,
      dir,
      status: 'running',
      step: 0,
      steps: spec.steps ?? 0,
      worker,
      rate: new ProgressRate(),
      pending: new Map(),
      changed: [],
    };
    this.live.set(id, run);
    worker.on('message', (m: FromWorker) => this.handle(run, m));
    worker.on('error', (e) => this.end(run, 'failed', `the training thread crashed: ${e.message}`));
    worker.on('exit', (code) => {
      if (run.worker) this.end(run, 'failed', `the training thread exited unexpectedly (code ${code})`);
    });
    this.status(run);
    return { id, dir };
  }

  private handle(run: LiveRun, m: FromWorker): void {
    switch (m.type) {
      case 'started':
        run.steps = m.steps;
        run.step = m.step;
        run.phases = m.phases;
        run.backend = m.backend;
        run.rate.reset(m.step);
        this.status(run);
        break;
      case 'status':
        run.status = m.status;
        run.step = m.step;
        if (m.status === 'running') run.rate.reset(m.step);
        this.status(run);
        break;
      case 'step': {
        run.step = m.step;
        const stepsPerSecond = run.rate.update(m.step);
        const etaSeconds = stepsPerSecond > 0 ? Math.max(0, run.steps - m.step) / stepsPerSecond : null;
        this.broadcast({ type: 'step', run: run.id, step: m.step, losses: m.losses, ms: m.ms, stepsPerSecond, etaSeconds });
        break;
      }
      case 'phase':
        this.broadcast({ type: 'phase', run: run.id, step: m.step, phase: m.phase, loss: m.loss });
        break;
      case 'sample':
        for (const file of m.files) this.broadcast({ type: 'sample', run: run.id, step: m.step, file: file.split(path.sep).join('/') });
        break;
      case 'stepResult':
        run.pending.get(m.id)?.resolve(m);
        run.pending.delete(m.id);
        break;
      case 'log':
        this.options.log?.(`run ${run.id}: ${m.level === 'warn' ? 'warning: ' : ''}${m.message}`);
        this.broadcast({ type: 'log', run: run.id, level: m.level, message: m.message });
        break;
      case 'done':
        if (m.step >= 0) run.step = m.step;
        this.end(run, m.status, m.error);
        break;
      default:
        break;
    }
  }

  private end(run: LiveRun, status: RunStatus, error?: string): void {
    const worker = run.worker;
    if (!worker) return;
    run.worker = undefined;
    run.status = status;
    if (error !== undefined) run.error = error;
    for (const [, p] of run.pending) p.resolve({ type: 'stepResult', id: -1, error: error ?? `the run ${status}` });
    run.pending.clear();
    if (error !== undefined) this.broadcast({ type: 'error', run: run.id, message: error });
    this.status(run);
    void worker.terminate();
  }

  private status(run: LiveRun): void {
    this.broadcast({ type: 'status', run: run.id, status: run.status, step: run.step, steps: run.steps, ...(run.backend ? { backend: run.backend } : {}) });
    for (const f of run.changed.splice(0)) f();
  }

  private get(id: string): LiveRun {
    const run = this.live.get(id);
    if (!run) throw new HttpError(404, 'not_found', `no active run "${id}" in this server`);
    return run;
  }

  /** Sends pause/resume/stop; waits (up to `waitMs`) for the status to change to what it asked. */
  async control(id: string, action: 'pause' | 'resume' | 'stop', waitMs = 15_000): Promise<RunSummary> {
    const run = this.get(id);
    if (!run.worker) throw new HttpError(409, 'conflict', `run ${id} has ended (${run.status})`);
    const want: RunStatus[] = action === 'pause' ? ['paused'] : action === 'resume' ? ['running'] : ['stopped', 'finished', 'failed'];
    this.post(run, { type: action });
    const deadline = Date.now() + waitMs;
    while (!want.includes(run.status) && run.worker && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        run.changed.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return summary(run);
  }

  /** While paused: one update of `phase`, or one whole step. */
  async stepOnce(id: string, phase: string | undefined): Promise<Record<string, unknown>> {
    const run = this.get(id);
    if (!run.worker || run.status !== 'paused') {
      throw new HttpError(409, 'conflict', `run ${id} is ${run.status}: pause it before stepping`);
    }
    if (phase !== undefined && run.phases && !run.phases.some((p) => p.name === phase)) {
      throw new HttpError(400, 'bad_request', `unknown phase "${phase}"; phases: ${run.phases.map((p) => p.name).join(', ')}`);
    }
    const requestId = this.nextRequest++;
    const result = await new Promise<Extract<FromWorker, { type: 'stepResult' }>>((resolve) => {
      run.pending.set(requestId, { resolve });
      this.post(run, { type: 'step', id: requestId, ...(phase !== undefined ? { phase } : {}) });
    });
    if (result.error !== undefined) {
      throw new HttpError(run.worker ? 409 : 500, run.worker ? 'conflict' : 'run_failed', result.error);
    }
    const { type: _t, id: _i, error: _e, ...rest } = result;
    return { ...summary(run), ...rest, step: result.step ?? run.step };
  }

  private post(run: LiveRun, m: ToWorker): void {
    run.worker?.postMessage(m);
  }

  /** Runs of this server and run directories found on disk, newest first. */
  async list(): Promise<RunSummary[]> {
    const out = new Map<string, RunSummary>();
    for (const run of this.live.values()) out.set(run.id, summary(run));
    const entries = await readdir(this.options.runsDir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (!e.isDirectory() || out.has(e.name) || !RUN_ID.test(e.name)) continue;
      const s = await this.fromDisk(e.name).catch(() => undefined);
      if (s) out.set(e.name, s);
    }
    return [...out.values()].sort((a, b) => (a.id < b.id ? 1 : -1));
  }

  private async fromDisk(id: string): Promise<RunSummary> {
    const run = new RunDir(this.dirOf(id));
    const info = await run.readRunInfo();
    const metrics = await run.readMetrics();
    const step = metrics.length ? metrics[metrics.length - 1]!.step : 0;
    return { id, status: info.finishedAt ? 'finished' : 'stopped', step, steps: info.steps ?? step };
  }

  async details(id: string): Promise<RunDetails> {
    const live = this.live.get(id);
    const base: RunSummary = live ? summary(live) : await this.fromDisk(id).catch(() => {
      throw new HttpError(404, 'not_found', `no run "${id}"`);
    });
    const run = new RunDir(this.dirOf(id));
    const metrics = await run.readMetrics();
    const samples = (await readdir(run.samplesDir).catch(() => [] as string[])).filter((f) => f.endsWith('.png')).sort();
    const out: RunDetails = { ...base, metrics: metrics.slice(-(this.options.metricsTail ?? 200)), samples };
    if (live?.error !== undefined) out.error = live.error;
    if (live?.phases) out.phases = live.phases;
    if (live?.backend) out.backend = live.backend;
    return out;
  }

  /** Stops every live run (server shutdown): each writes its checkpoint first. */
  async closeAll(waitMs = 30_000): Promise<void> {
    await Promise.all(
      [...this.live.values()].filter((r) => r.worker).map((r) => this.control(r.id, 'stop', waitMs).catch(() => undefined)),
    );
    for (const r of this.live.values()) if (r.worker) this.end(r, 'failed', 'the server shut down before the run stopped');
  }
}

function summary(run: LiveRun): RunSummary {
  return { id: run.id, status: run.status, step: run.step, steps: run.steps };
}
