import { Worker } from 'node:worker_threads';
import type { Collective, Replica, StepError, Trainer } from '@ganvas/core';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';
import { SharedReplica, stateChecksum } from './replica.js';
import { ReplicaAbort, SharedCollective, allocateGroupMemory, replicaName } from './shared-collective.js';

/**
 * Data-parallel training on worker threads: this thread's trainer is worker 0 and
 * `workers − 1` threads hold full replicas of the same compiled graph. Each training step,
 * every replica computes its equal row shard of the batch; losses, gradients and batch-norm
 * statistics are averaged through shared memory and every replica applies the same update,
 * so the replicas stay bitwise identical and the run equals a one-worker run up to float
 * rounding. Checkpoints, samples and evaluations come from worker 0, unchanged.
 *
 * ```ts
 * const group = new DataParallelGroup({ workers: 2 });
 * const trainer = await compile(doc, registry, { host, replica: group.replica });
 * checkDataParallel(trainer, 2);            // refuses graphs that cannot be split
 * trainer.restore(checkpoint);              // when resuming
 * await group.start(trainer, { backend: 'wasm', searchDirs, graphDir });
 * await trainer.runStep();                  // ... every replica steps
 * await group.close();
 * ```
 */

export interface DataParallelOptions {
  /** Replicas in all, this thread included (2 on a 2-core machine). */
  workers: number;
  /** Longest wait for the other workers at any one point of a step, ms (default 120 s). */
  timeoutMs?: number;
  /** Messages the workers' hosts log. */
  log?: (level: 'info' | 'warn', message: string) => void;
}

/** What the worker threads need to rebuild the first replica's graph. */
export interface WorkerSetup {
  /** The backend worker 0 runs on (the workers select the same). */
  backend: string;
  /** Plug-in search directories, as for worker 0's registry. */
  searchDirs: string[];
  /** Base directory for files the graph names. */
  graphDir: string;
}

/** A worker's report of its last step. */
export interface WorkerReport {
  worker: number;
  step: number;
  ok: boolean;
  message?: string;
  /** `tf.memory().numTensors` in the worker after the step. */
  tensors: number;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
  reject(e: Error): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody may be waiting: a rejection is read through `settle()` or not at all.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

interface WorkerHandle {
  index: number;
  thread: Worker;
  report?: WorkerReport;
  /** The step it was last given, and its report when it comes. */
  step?: { number: number; done: Deferred<WorkerReport> };
  checksum?: Deferred<string>;
  exited?: string;
}

/** Under vitest the sources run from src/: the worker is always the built one. */
function workerUrl(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('../../dist/data-parallel/worker.js', import.meta.url)
    : new URL('./worker.js', import.meta.url);
}

export class DataParallelGroup {
  /** Give this to `compile` for worker 0's trainer. */
  readonly replica: Replica;
  readonly workers: number;
  readonly timeoutMs: number;
  private shared: SharedReplica | undefined;
  private handles: WorkerHandle[] = [];
  private trainer: Trainer | undefined;
  private closed = false;

  constructor(private readonly options: DataParallelOptions) {
    if (!Number.isInteger(options.workers) || options.workers < 2) {
      throw new Error(`data-parallel training needs at least 2 workers, got ${options.workers}`);
    }
    this.workers = options.workers;
    this.timeoutMs = options.timeoutMs ?? 120_000;
    const started = (): SharedReplica => {
      if (!this.shared) throw new Error('the data-parallel group has not started: call start(trainer, …) before training');
      return this.shared;
    };
    const collective: Collective = {
      allReduceMean: (values) => started().collective.allReduceMean(values),
      allGather: (values) => started().collective.allGather(values),
    };
    this.replica = {
      index: 0,
      count: this.workers,
      collective,
      beginStep: (step) => started().beginStep(step),
      commitStep: () => started().commitStep(),
      // Before start nothing else runs: the error stands as it is.
      abortStep: (error: StepError) => (this.shared ? this.shared.abortStep(error) : error),
    };
  }

  /**
   * Starts the worker threads from `trainer`'s current state (fresh or restored) and waits
   * until every one holds the same state. `trainer` must have been compiled with `replica`.
   */
  async start(trainer: Trainer, setup: WorkerSetup): Promise<void> {
    if (this.shared) throw new Error('the data-parallel group has already started');
    if (trainer.replica !== this.replica) throw new Error("the trainer was not compiled with this group's replica");
    this.trainer = trainer;
    const memory = allocateGroupMemory(this.workers, capacityFor(trainer));
    const collective = new SharedCollective(memory, 0, this.timeoutMs);
    const checkpoint = trainer.snapshot();
    const expected = stateChecksum(trainer);
    const ready: Promise<void>[] = [];
    for (let index = 1; index < this.workers; index++) {
      const init: WorkerInit = {
        index,
        memory,
        timeoutMs: this.timeoutMs,
        document: trainer.document,
        seed: trainer.seed,
        batchSize: trainer.batchSize,
        backend: setup.backend,
        searchDirs: setup.searchDirs,
        graphDir: setup.graphDir,
        checkpoint,
      };
      const handle: WorkerHandle = { index, thread: new Worker(workerUrl(), { workerData: init }) };
      this.handles.push(handle);
      ready.push(this.watch(handle, collective, expected));
    }
    try {
      await Promise.all(ready);
    } catch (e) {
      await this.close();
      throw e;
    }
    this.shared = new SharedReplica(collective, (step) => this.startWorkers(collective, step));
  }

  private watch(handle: WorkerHandle, collective: SharedCollective, expected: string): Promise<void> {
    const name = replicaName(handle.index);
    const ready = deferred<void>();
    handle.thread.on('message', (m: FromWorker) => {
      switch (m.type) {
        case 'ready':
          if (m.checksum === expected) ready.resolve();
          else ready.reject(new Error(`${name} does not hold worker 0's state after loading it (checksum ${m.checksum}, expected ${expected})`));
          break;
        case 'log':
          this.options.log?.(m.level, `${name}: ${m.message}`);
          break;
        case 'done': {
          const report: WorkerReport = { worker: handle.index, step: m.step, ok: m.ok, tensors: m.tensors, ...(m.message ? { message: m.message } : {}) };
          handle.report = report;
          // Reports arrive when this thread next yields, possibly after later steps started.
          if (handle.step?.number === m.step) handle.step.done.resolve(report);
          break;
        }
        case 'checksum':
          handle.checksum?.resolve(m.checksum);
          break;
        case 'fatal':
          handle.exited = m.message;
          ready.reject(new Error(m.message));
          break;
      }
    });
    const gone = (why: string) => {
      handle.exited ??= why;
      const error = new Error(handle.exited);
      ready.reject(error);
      handle.step?.done.reject(error);
      handle.checksum?.reject(error);
      // Release worker 0 if it waits for this one (it sees this only between steps anyway).
      if (!this.closed) collective.abort(handle.exited);
    };
    handle.thread.on('error', (e) => gone(`${name} failed: ${e.message}`));
    handle.thread.on('exit', (code) => gone(`${name} stopped (exit code ${code})`));
    return ready.promise;
  }

  /** Worker 0's beginStep: once every worker is done with the previous step, start this one. */
  private startWorkers(collective: SharedCollective, step: number): void {
    for (const h of this.handles) {
      const name = replicaName(h.index);
      if (h.exited) throw this.refuse(collective, h.index, `${name} has stopped: ${h.exited}`);
      if (!collective.waitIdle(h.index)) {
        throw this.refuse(collective, h.index, `${name} is still busy with step ${step - 1} after ${(this.timeoutMs / 1000).toFixed(1)} s`);
      }
    }
    collective.reset();
    for (const h of this.handles) {
      collective.setBusy(h.index, true);
      h.step = { number: step, done: deferred<WorkerReport>() };
      h.thread.postMessage({ type: 'step', step } satisfies ToWorker);
    }
  }

  private refuse(collective: SharedCollective, worker: number, message: string): ReplicaAbort {
    collective.abort(message);
    return new ReplicaAbort(worker, message);
  }

  /** The workers' reports of the step they were last given (after it ended there). */
  async settle(): Promise<WorkerReport[]> {
    const out: WorkerReport[] = [];
    for (const h of this.handles) {
      if (h.step) out.push(await h.step.done.promise);
      else if (h.report) out.push(h.report);
    }
    return out;
  }

  /** Checksums of every replica's full state (weights, optimizer and node states, step, RNG), worker 0 first. */
  async checksums(): Promise<string[]> {
    const own = stateChecksum(this.trainer!);
    const others = this.handles.map((h) => {
      h.checksum = deferred<string>();
      h.thread.postMessage({ type: 'checksum' } satisfies ToWorker);
      return h.checksum.promise;
    });
    return [own, ...(await Promise.all(others))];
  }

  /** Ends the worker threads (worker 0's trainer is the caller's to dispose). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const shared = this.shared;
    await Promise.all(
      this.handles.map(async (h) => {
        if (h.exited) return;
        // A worker stuck in a wait is released by an abort; an idle one just closes.
        if (shared?.collective.isBusy(h.index)) shared.collective.abort('the run was closed');
        const exited = new Promise<void>((resolve) => h.thread.once('exit', () => resolve()));
        h.thread.postMessage({ type: 'close' } satisfies ToWorker);
        const timer = setTimeout(() => void h.thread.terminate(), 5000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}

/** Room for the largest all-reduce: a phase's loss and gradients, or a per-channel statistic. */
function capacityFor(trainer: Trainer): number {
  let capacity = 1024;
  for (const phase of trainer.phases) capacity = Math.max(capacity, 1 + phase.variables.reduce((n, v) => n + v.size, 0));
  for (const node of trainer.top.instances()) for (const { variable } of node.variables) capacity = Math.max(capacity, variable.size);
  return capacity;
}
