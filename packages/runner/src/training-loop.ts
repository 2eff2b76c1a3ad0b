import { StepError, type Phase, type StepEvent, type Trainer } from '@ganvas/core';
import type { RunDir, RunInfo } from '@ganvas/host-node';
import { writeSamples } from './samples.js';

/**
 * The training loop around `Trainer.runStep`, shared by `ganvas train` and the runner:
 * metrics, samples and checkpoints on schedule; stop, pause/resume and step-by-step (one
 * update of one phase) for the runner. Whatever happens, the run directory ends consistent:
 * the latest checkpoint is a completed step whose metrics are all on disk and nothing after
 * it is. A half-done step (some phases updated by hand) is never checkpointed: it is completed
 * first on resume or stop, and if it fails the checkpoint written when pausing stays the latest.
 */

export interface TrainPlan {
  trainer: Trainer;
  run: RunDir;
  info: RunInfo;
  /** Total steps to reach. */
  steps: number;
  /** Write sample grids every K steps (0: only at the end). */
  sampleEvery: number;
  /** Write a checkpoint every K steps (0: only at the end). */
  checkpointEvery: number;
  /** Step of the checkpoint a resumed run continues from. */
  resumedFrom: number | undefined;
}

/** What a loop reports as it goes; every hook is optional and must not throw. */
export interface LoopHooks {
  /** A completed step (its metrics line is on disk). */
  step?(event: StepEvent): void;
  /** One update of one phase made by `stepOnce(phase)`. */
  phase?(event: { step: number; phase: string; loss: number }): void;
  /** Sample grids written for `step` (absolute paths). */
  samples?(step: number, files: string[]): void;
  checkpoint?(step: number, dir: string): void;
  /** The loop paused (after writing a checkpoint) or started running again. */
  status?(status: 'running' | 'paused', step: number): void;
}

export type LoopOutcome =
  | { status: 'finished'; samples: string[] }
  /** `checkpoint` is the directory written on stopping (undefined when the latest already was this step). */
  | { status: 'stopped'; checkpoint?: string }
  /** `checkpoint`: the last good step written after the failure (undefined after a failed hand-made update). */
  | { status: 'failed'; message: string; cause: unknown; checkpoint?: string };

/** Result of `stepOnce`. `completed` is set when the call finished a step. */
export interface StepOnceResult {
  step: number;
  phase?: string;
  loss?: number;
  completed?: StepEvent;
}

interface Partial {
  counts: number[];
  sums: number[];
  ms: number[];
}

interface Request {
  phase: string | undefined;
  resolve: (r: StepOnceResult) => void;
  reject: (e: Error) => void;
}

/** Thrown inside the loop when a hand-made update fails; ends the run as failed. */
class UpdateFailure extends Error {
  constructor(
    message: string,
    override readonly cause: unknown,
  ) {
    super(message);
  }
}

export class TrainingLoop {
  private stopping = false;
  private pausing = false;
  private pausedAt: number | undefined;
  private partial: Partial | undefined;
  private readonly requests: Request[] = [];
  private wakeUp: (() => void) | undefined;
  private savedStep: number;
  private sampledStep = -1;

  constructor(
    readonly plan: TrainPlan,
    private readonly hooks: LoopHooks = {},
  ) {
    this.savedStep = plan.resumedFrom ?? -1;
  }

  /** True while the loop is paused (a checkpoint of the paused step is on disk). */
  get paused(): boolean {
    return this.pausedAt !== undefined;
  }

  /** Finish the current step, write a checkpoint and end `run()` with status `stopped`. */
  stop(): void {
    this.stopping = true;
    this.wake();
  }

  /** Pause after the current step. */
  pause(): void {
    this.pausing = true;
    this.wake();
  }

  resume(): void {
    this.pausing = false;
    this.wake();
  }

  /**
   * While paused: one update of `phase` (by name or optimizer id), or without a phase the rest
   * of the current step (a whole step when none is half done). Rejects when not paused, the
   * phase is unknown or the run has reached its steps.
   */
  stepOnce(phase?: string): Promise<StepOnceResult> {
    if (!this.pausing || this.stopping) return Promise.reject(new Error('the run is not paused'));
    if (phase !== undefined && !this.findPhase(phase)) {
      const names = this.plan.trainer.phases.map((p) => p.name).join(', ');
      return Promise.reject(new Error(`unknown phase "${phase}"; phases: ${names}`));
    }
    if (this.plan.trainer.step >= this.plan.steps) {
      return Promise.reject(new Error(`the run has reached its ${this.plan.steps} steps`));
    }
    return new Promise((resolve, reject) => {
      this.requests.push({ phase, resolve, reject });
      this.wake();
    });
  }

  /** Names of the phases, in schedule order, with their updates per step. */
  get phases(): { name: string; repeat: number }[] {
    return this.plan.trainer.phases.map((p) => ({ name: p.name, repeat: p.repeat }));
  }

  async run(): Promise<LoopOutcome> {
    const { trainer, steps } = this.plan;
    try {
      for (;;) {
        if (this.pausing && !this.stopping) {
          await this.enterPause();
          const request = this.requests.shift();
          if (request) await this.serve(request);
          else await new Promise<void>((resolve) => (this.wakeUp = resolve));
          continue;
        }
        // Requests made just before a resume or stop are refused: steps by hand need a pause.
        for (const r of this.requests.splice(0)) r.reject(new Error('the run is not paused'));
        if (this.pausedAt !== undefined) {
          this.pausedAt = undefined;
          this.hooks.status?.('running', trainer.step);
        }
        if (this.stopping && !this.partial) break;
        if (trainer.step >= steps && !this.partial) break;
        const failure = await this.wholeStep();
        if (failure) return failure;
        // Let messages and signal handlers run: the step itself never yields to the event loop.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (e) {
      if (e instanceof UpdateFailure) return { status: 'failed', message: e.message, cause: e.cause };
      throw e;
    } finally {
      for (const r of this.requests.splice(0)) r.reject(new Error('the run ended'));
    }
    if (trainer.step < steps) {
      const checkpoint = this.savedStep === trainer.step ? undefined : await this.save();
      return checkpoint === undefined ? { status: 'stopped' } : { status: 'stopped', checkpoint };
    }
    const samples = this.sampledStep === trainer.step ? [] : await this.samples();
    if (this.savedStep !== trainer.step) await this.save();
    await this.plan.run.writeRunInfo({ ...this.plan.info, finishedAt: new Date().toISOString() });
    return { status: 'finished', samples };
  }

  private wake(): void {
    const w = this.wakeUp;
    this.wakeUp = undefined;
    w?.();
  }

  private findPhase(name: string): Phase | undefined {
    return this.plan.trainer.phases.find((p) => p.name === name || p.id === name);
  }

  private async enterPause(): Promise<void> {
    if (this.pausedAt !== undefined) return;
    const { trainer } = this.plan;
    // A checkpoint of the paused step, so a failing hand-made update loses nothing.
    if (!this.partial && this.savedStep !== trainer.step) await this.save();
    this.pausedAt = trainer.step;
    this.hooks.status?.('paused', trainer.step);
  }

  private async serve(request: Request): Promise<void> {
    try {
      if (request.phase === undefined) {
        const failure = await this.wholeStep();
        if (failure) throw new UpdateFailure(failure.message, failure.cause);
        request.resolve({ step: this.plan.trainer.step, ...(this.lastEvent ? { completed: this.lastEvent } : {}) });
      } else {
        request.resolve(await this.onePhase(this.findPhase(request.phase)!));
      }
    } catch (e) {
      request.reject(e instanceof Error ? new Error(e.message) : new Error(String(e)));
      if (e instanceof UpdateFailure) throw e;
    }
  }

  private lastEvent: StepEvent | undefined;

  /** One update of one phase, by hand; completes the step once every phase has had its updates. */
  private async onePhase(phase: Phase): Promise<StepOnceResult> {
    const { trainer } = this.plan;
    const index = trainer.phases.indexOf(phase);
    const partial = (this.partial ??= {
      counts: trainer.phases.map(() => 0),
      sums: trainer.phases.map(() => 0),
      ms: trainer.phases.map(() => 0),
    });
    const t0 = performance.now();
    let loss: number;
    try {
      loss = trainer.update(phase);
    } catch (e) {
      throw new UpdateFailure(`step ${trainer.step + 1}, phase "${phase.name}": ${messageOf(e)}`, e);
    }
    if (!Number.isFinite(loss)) {
      throw new UpdateFailure(`step ${trainer.step + 1}, phase "${phase.name}": loss is ${loss}`, undefined);
    }
    partial.counts[index]! += 1;
    partial.sums[index]! += loss;
    partial.ms[index]! += performance.now() - t0;
    this.hooks.phase?.({ step: trainer.step + 1, phase: phase.name, loss });
    const result: StepOnceResult = { step: trainer.step, phase: phase.name, loss };
    if (trainer.phases.every((p, i) => partial.counts[i]! >= p.repeat)) {
      result.completed = await this.completePartial();
      result.step = trainer.step;
    }
    return result;
  }

  /** The rest of a half-done step, or one atomic step. Returns a failure outcome, if any. */
  private async wholeStep(): Promise<Extract<LoopOutcome, { status: 'failed' }> | undefined> {
    const { trainer } = this.plan;
    if (this.partial) {
      const partial = this.partial;
      for (const [i, phase] of trainer.phases.entries()) {
        while (partial.counts[i]! < phase.repeat) await this.onePhase(phase);
      }
      return undefined;
    }
    let event: StepEvent;
    try {
      event = await trainer.runStep();
    } catch (e) {
      const message = e instanceof StepError ? e.message : `step ${trainer.step + 1} failed: ${messageOf(e)}`;
      const cause = e instanceof StepError ? e.cause : e;
      // runStep is atomic: the trainer is back at the last good step, so this checkpoint is consistent.
      const checkpoint = await this.save();
      return { status: 'failed', message, cause, checkpoint };
    }
    await this.completed(event);
    return undefined;
  }

  private async completePartial(): Promise<StepEvent> {
    const { trainer } = this.plan;
    const partial = this.partial!;
    this.partial = undefined;
    const losses: Record<string, number> = {};
    const phaseMs: Record<string, number> = {};
    for (const [i, phase] of trainer.phases.entries()) {
      losses[phase.name] = partial.sums[i]! / partial.counts[i]!;
      phaseMs[phase.name] = partial.ms[i]!;
    }
    trainer.step += 1;
    const event: StepEvent = { step: trainer.step, losses, ms: partial.ms.reduce((a, b) => a + b, 0), phaseMs };
    await this.completed(event);
    return event;
  }

  /** Metrics, then samples and checkpoints on schedule. */
  private async completed(event: StepEvent): Promise<void> {
    const { run, sampleEvery, checkpointEvery, trainer } = this.plan;
    this.lastEvent = event;
    await run.appendMetrics({ step: event.step, losses: event.losses, ms: Math.round(event.ms * 100) / 100 });
    this.hooks.step?.(event);
    if (sampleEvery > 0 && trainer.step % sampleEvery === 0) await this.samples();
    if (checkpointEvery > 0 && trainer.step % checkpointEvery === 0) await this.save();
    // While paused the latest checkpoint is always the current step (see enterPause).
    else if (this.pausedAt !== undefined) await this.save();
  }

  private async samples(): Promise<string[]> {
    const files = await writeSamples(this.plan.trainer, this.plan.run);
    this.sampledStep = this.plan.trainer.step;
    this.hooks.samples?.(this.sampledStep, files);
    return files;
  }

  private async save(): Promise<string> {
    const c = this.plan.trainer.snapshot();
    const dir = await this.plan.run.saveCheckpoint(c);
    this.savedStep = c.meta.step;
    this.hooks.checkpoint?.(this.savedStep, dir);
    return dir;
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
