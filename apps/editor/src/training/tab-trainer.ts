import { compile, sampleGrid, type GraphDocument, type Host, type Trainer } from '@ganvas/core';
import type { RunEvent, RunStatus } from '../model/run-state.js';
import { rate } from '../model/run-state.js';
import { selectBrowserBackend, type BrowserBackendChoice } from './browser-backend.js';
import { datasetFilesFor, preloadPackageJson, releasePackageJson } from './browser-dataset-files.js';
import { gridToDataUrl } from './image-url.js';
import { localRegistry } from './local-registry.js';

/**
 * "Run in this tab": compiles the graph with the bundled node packages and trains it with
 * TensorFlow.js in the page, emitting the same events as the runner's WebSocket. Steps run on
 * the main thread, one per macrotask, so the page stays interactive between steps.
 */
const browserHost: Host = {
  async readFile(file: string): Promise<Uint8Array> {
    const res = await fetch(new URL(file, document.baseURI));
    if (!res.ok) throw new Error(`cannot read ${file}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  },
  async fetchUrl(url: string): Promise<Uint8Array> {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`fetching ${url} failed: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  },
  log(level, message) {
    (level === 'warn' ? console.warn : console.info)(`[ganvas] ${message}`);
  },
};

export interface TabRunOptions {
  steps: number;
  backend: BrowserBackendChoice;
  /** Sample grid every this many steps (and at the end). */
  sampleEvery: number;
  seed?: number;
  /** Start paused (step-by-step teaching mode). */
  paused?: boolean;
}

const nextTask = () => new Promise<void>((r) => setTimeout(r, 0));

export class TabRun {
  private trainer: Trainer | undefined;
  private status: RunStatus = 'starting';
  private wake: (() => void) | undefined;
  private readonly times: number[] = [];
  private steps = 0;
  private busy = false;
  private looping = false;
  private disposed = false;

  constructor(private readonly emit: (e: RunEvent) => void) {}

  private setStatus(status: RunStatus): void {
    this.status = status;
    this.emit({ type: 'status', status, step: this.trainer?.step ?? 0, steps: this.steps });
    this.wake?.();
  }

  async start(doc: GraphDocument, options: TabRunOptions): Promise<void> {
    this.steps = options.steps;
    try {
      const backend = await selectBrowserBackend(options.backend);
      this.emit({ type: 'backend', backend: `${backend.name} (${backend.detail})` });
      const types = new Set([...doc.nodes, ...Object.values(doc.networks).flatMap((n) => n.nodes)].map((n) => n.type));
      await preloadPackageJson(datasetFilesFor(types));
      this.trainer = await compile(doc, localRegistry(), { host: browserHost, ...(options.seed !== undefined ? { seed: options.seed } : {}) });
      releasePackageJson();
      if (this.disposed) return this.dispose();
      this.setStatus(options.paused ? 'paused' : 'running');
      this.looping = true;
      while (this.trainer.step < this.steps && this.status !== 'stopped') {
        if (this.status === 'paused') {
          await new Promise<void>((r) => (this.wake = r));
          continue;
        }
        await this.oneStep();
        if (this.trainer.step % options.sampleEvery === 0 || this.trainer.step === this.steps) this.sample();
        await nextTask();
      }
      if (this.status !== 'stopped') this.setStatus('finished');
    } catch (e) {
      this.emit({ type: 'error', message: e instanceof Error ? e.message : String(e) });
      this.status = 'failed';
    } finally {
      this.looping = false;
      if (this.disposed) this.dispose();
    }
  }

  private async oneStep(): Promise<void> {
    const t = this.trainer!;
    const ev = await t.runStep();
    this.times.push(performance.now());
    this.emit({ type: 'step', step: ev.step, losses: ev.losses, ms: ev.ms, ...rate(this.times, ev.step, this.steps) });
  }

  sample(): void {
    const t = this.trainer;
    if (!t || t.previews.length === 0) return;
    const [batch] = t.sample({ n: 64 });
    if (batch) this.emit({ type: 'sample', step: t.step, url: gridToDataUrl(sampleGrid(batch)) });
  }

  /** Names of the phases, in schedule order (for the step-by-step buttons). */
  phases(): string[] {
    return this.trainer?.phases.map((p) => p.name) ?? [];
  }

  pause(): void {
    if (this.status === 'running') this.setStatus('paused');
  }

  resume(): void {
    if (this.status === 'paused') this.setStatus('running');
  }

  stop(): void {
    if (this.status === 'running' || this.status === 'paused' || this.status === 'starting') this.setStatus('stopped');
  }

  /**
   * While paused: one update of one phase (e.g. the discriminator's), or a whole step.
   * A single phase update is a teaching aid: it changes the weights but not the step count.
   */
  async stepOnce(phase?: string): Promise<void> {
    const t = this.trainer;
    if (!t || this.status !== 'paused' || this.busy) return;
    this.busy = true;
    try {
      if (phase) {
        const p = t.phases.find((x) => x.name === phase);
        if (!p) throw new Error(`no phase "${phase}"; phases: ${t.phases.map((x) => x.name).join(', ')}`);
        const loss = t.update(p);
        this.emit({ type: 'phase', step: t.step + 1, phase, loss }); // the step in progress, from 1
      } else {
        await this.oneStep();
      }
      this.sample();
    } catch (e) {
      this.emit({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    } finally {
      this.busy = false;
    }
  }

  /** Stops the run and frees its tensors (after the step in flight, if any). */
  dispose(): void {
    this.disposed = true;
    this.stop();
    if (this.looping) return;
    this.trainer?.dispose();
    this.trainer = undefined;
  }
}
