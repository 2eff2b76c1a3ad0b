import { StepError, type Trainer } from '@ganvas/core';
import type { RunDir, RunInfo } from '@ganvas/host-node';
import { messageOf } from './errors.js';
import { processInterrupt, type CliIO } from './io.js';
import { Progress } from './progress.js';
import { relativeTo, writeSamples } from './setup.js';

/**
 * The training loop around `Trainer.runStep`: metrics, samples and checkpoints on schedule,
 * progress, Ctrl-C and failures. Whatever happens, the run directory ends consistent: the
 * latest checkpoint is a step whose metrics are all on disk and nothing after it is.
 */

export interface TrainPlan {
  trainer: Trainer;
  run: RunDir;
  info: RunInfo;
  /** Total steps to reach. */
  steps: number;
  sampleEvery: number;
  checkpointEvery: number;
  /** Step of the checkpoint a resumed run continues from. */
  resumedFrom: number | undefined;
}

export async function trainLoop(plan: TrainPlan, io: CliIO): Promise<number> {
  const { trainer, run, steps } = plan;
  if (trainer.step >= steps) {
    io.stdout.write(`the run is already at step ${trainer.step} (requested ${steps} in total): nothing to do\n`);
    return 0;
  }
  let stopping = false;
  const unsubscribe = (io.onInterrupt ?? processInterrupt)(() => {
    stopping = true;
    io.stderr.write('\ninterrupted: finishing this step, then writing a checkpoint (Ctrl-C again to quit at once)\n');
  });
  const progress = new Progress(io.stderr, steps, trainer.step);
  const t0 = Date.now();
  let savedStep = plan.resumedFrom ?? -1;
  let sampledStep = -1;
  // A failed step leaves the trainer at the last good step (runStep is atomic), so saving
  // the trainer's state is always saving a consistent, completed step.
  const save = async () => {
    const c = trainer.snapshot();
    const dir = await run.saveCheckpoint(c);
    savedStep = c.meta.step;
    return dir;
  };
  try {
    while (trainer.step < steps && !stopping) {
      let failure: string | undefined;
      try {
        const event = await trainer.runStep();
        await run.appendMetrics({ step: event.step, losses: event.losses, ms: Math.round(event.ms * 100) / 100 });
        progress.update(event.step, event.losses);
      } catch (e) {
        failure = e instanceof StepError ? e.message : `step ${trainer.step + 1} failed: ${messageOf(e)}`;
        const cause = e instanceof StepError ? e.cause : e;
        if (io.debug && cause instanceof Error && cause.stack) failure += `\n${cause.stack}`;
      }
      if (failure !== undefined) {
        progress.finish();
        io.stderr.write(`error: ${failure}\n`);
        const dir = await save();
        io.stderr.write(`checkpoint of the last good step (${trainer.step}) written to ${relativeTo(io, dir)}\n`);
        return 1;
      }
      if (plan.sampleEvery > 0 && trainer.step % plan.sampleEvery === 0) {
        await writeSamples(trainer, run);
        sampledStep = trainer.step;
      }
      if (plan.checkpointEvery > 0 && trainer.step % plan.checkpointEvery === 0) await save();
      // Let signal handlers run: the step itself never yields to the event loop.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    unsubscribe();
    progress.finish();
  }
  if (trainer.step < steps) {
    const dir = savedStep === trainer.step ? undefined : await save();
    io.stderr.write(
      `stopped at step ${trainer.step} of ${steps}${dir ? `; checkpoint written to ${relativeTo(io, dir)}` : ''}\n` +
        `resume with: ganvas train --out ${relativeTo(io, run.dir)} --resume --steps ${steps}\n`,
    );
    return 130;
  }
  const samples = sampledStep === trainer.step ? [] : await writeSamples(trainer, run);
  if (savedStep !== trainer.step) await save();
  await run.writeRunInfo({ ...plan.info, finishedAt: new Date().toISOString() });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  io.stdout.write(`done: step ${trainer.step} in ${seconds}s; run directory ${relativeTo(io, run.dir)}\n`);
  if (samples.length || sampledStep === trainer.step) io.stdout.write(`samples: ${relativeTo(io, run.samplesDir)}\n`);
  return 0;
}
