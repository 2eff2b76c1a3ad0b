// The public API of @ganvas/runner: the local server behind `ganvas serve`, and the training
// loop it shares with `ganvas train`. Listed explicitly, by name.
export { TrainingLoop } from './training-loop.js';
export type { TrainPlan, LoopHooks, LoopOutcome, StepOnceResult } from './training-loop.js';
export { samplePngs, writeSamples } from './samples.js';
