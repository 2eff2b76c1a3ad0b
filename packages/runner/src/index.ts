// The public API of @ganvas/runner: the local server behind `ganvas serve`, and the training
// loop it shares with `ganvas train`. Listed explicitly, by name.
export { startRunner } from './server.js';
export type { Runner, RunnerOptions } from './server.js';
export { TrainingLoop } from './training-loop.js';
export type { TrainPlan, LoopHooks, LoopOutcome, StepOnceResult } from './training-loop.js';
export { createRun } from './new-run.js';
export type { NewRunOptions } from './new-run.js';
export { samplePngs, writeSamples } from './samples.js';
export { RunManager } from './runs.js';
export type { RunSummary, RunDetails } from './runs.js';
export type { RunStatus, RunSpec } from './protocol.js';
export type { ServerMessage, ClientMessage } from './messages.js';
