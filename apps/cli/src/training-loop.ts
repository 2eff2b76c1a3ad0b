import { TrainingLoop, type TrainPlan } from '@ganvas/runner';
import { processInterrupt, type CliIO } from './io.js';
import { Progress } from './progress.js';
import { relativeTo } from './setup.js';

/**
 * `ganvas train`'s side of the shared training loop (@ganvas/runner's TrainingLoop, also used
 * by `ganvas serve`): progress on the terminal, Ctrl-C as a stop, messages and exit codes.
 */

export type { TrainPlan };

export async function trainLoop(plan: TrainPlan, io: CliIO): Promise<number> {
  const { trainer, run, steps } = plan;
  if (trainer.step >= steps) {
    io.stdout.write(`the run is already at step ${trainer.step} (requested ${steps} in total): nothing to do\n`);
    return 0;
  }
  const progress = new Progress(io.stderr, steps, trainer.step);
  const loop = new TrainingLoop(plan, { step: (e) => progress.update(e.step, e.losses) });
  const unsubscribe = (io.onInterrupt ?? processInterrupt)(() => {
    loop.stop();
    io.stderr.write('\ninterrupted: finishing this step, then writing a checkpoint (Ctrl-C again to quit at once)\n');
  });
  const t0 = Date.now();
  let outcome;
  try {
    outcome = await loop.run();
  } finally {
    unsubscribe();
    progress.finish();
  }
  if (outcome.status === 'failed') {
    const cause = outcome.cause;
    const stack = io.debug && cause instanceof Error && cause.stack ? `\n${cause.stack}` : '';
    io.stderr.write(`error: ${outcome.message}${stack}\n`);
    if (outcome.checkpoint) {
      io.stderr.write(`checkpoint of the last good step (${trainer.step}) written to ${relativeTo(io, outcome.checkpoint)}\n`);
    }
    return 1;
  }
  if (outcome.status === 'stopped') {
    const dir = outcome.checkpoint;
    io.stderr.write(
      `stopped at step ${trainer.step} of ${steps}${dir ? `; checkpoint written to ${relativeTo(io, dir)}` : ''}\n` +
        `resume with: ganvas train --out ${relativeTo(io, run.dir)} --resume --steps ${steps}\n`,
    );
    return 130;
  }
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  io.stdout.write(`done: step ${trainer.step} in ${seconds}s; run directory ${relativeTo(io, run.dir)}\n`);
  if (trainer.previews.length > 0) io.stdout.write(`samples: ${relativeTo(io, run.samplesDir)}\n`);
  return 0;
}
