import type { Trainer } from '@ganvas/core';
import type { RunDir, RunInfo } from '@ganvas/host-node';
import type { TrainPlan } from './training-loop.js';

/** What a new run needs besides the compiled trainer. */
export interface NewRunOptions {
  trainer: Trainer;
  run: RunDir;
  /** Name of the backend in use. */
  backend: string;
  /** Versions of the loaded plug-in packages, by name. */
  packages: Record<string, string>;
  ganvasVersion: string;
  graphSource?: string;
  /** Overrides of the document's `training` section. */
  steps?: number;
  sampleEvery?: number;
  checkpointEvery?: number;
}

/**
 * Creates the run directory of a new run (graph.json with the effective settings folded in,
 * so the directory alone reproduces the run; run.json) and returns the loop's plan.
 */
export async function createRun(o: NewRunOptions): Promise<TrainPlan> {
  const { trainer, run } = o;
  const training = trainer.document.training;
  const steps = o.steps ?? training.steps;
  const sampleEvery = o.sampleEvery ?? training.sampleEvery;
  const checkpointEvery = o.checkpointEvery ?? training.checkpointEvery;
  await run.init();
  await run.writeGraph({
    ...trainer.document,
    training: { ...training, seed: trainer.seed, batchSize: trainer.batchSize, steps, sampleEvery, checkpointEvery },
  });
  const info: RunInfo = {
    seed: trainer.seed,
    backend: o.backend,
    batchSize: trainer.batchSize,
    steps,
    packages: o.packages,
    ganvasVersion: o.ganvasVersion,
    ...(o.graphSource !== undefined ? { graphSource: o.graphSource } : {}),
    startedAt: new Date().toISOString(),
  };
  await run.writeRunInfo(info);
  return { trainer, run, info, steps, sampleEvery, checkpointEvery, resumedFrom: undefined };
}
