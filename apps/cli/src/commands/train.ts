import path from 'node:path';
import type { Registry, Trainer } from '@ganvas/core';
import { DataParallelGroup, DataParallelRefused, RunDir, checkDataParallel, type RunInfo } from '@ganvas/host-node';
import { intOption, oneOf, parse } from '../args.js';
import { cliRoot, cwdOf, ganvasVersion, loadRegistry, resolvePath } from '../context.js';
import { UserError, messageOf } from '../errors.js';
import type { CliIO } from '../io.js';
import { readJsonFile } from '../read-json.js';
import { BACKENDS, compileGraph, relativeTo, useBackend } from '../setup.js';
import { trainLoop, type TrainPlan } from '../training-loop.js';
import { createRun } from '@ganvas/runner';
import { access } from 'node:fs/promises';

export const trainHelp = `usage: ganvas train <graph.json> --out <dir> [options]
       ganvas train --out <dir> --resume [--steps N]

Trains a graph and writes a run directory: graph.json, run.json, metrics.jsonl,
samples/*.png and checkpoints/.

options:
  -o, --out <dir>            run directory (required)
  --steps N                  total steps (default: the graph's training.steps)
  --seed S                   seed of the run (default: the graph's training.seed)
  --batch-size B             default batch size of the sources (default: the graph's)
  --backend auto|wasm|cpu|tensorflow   TensorFlow.js backend (default: auto)
  --workers N                data-parallel training on N threads (default 1; 2 on a 2-core
                             machine): each computes 1/N of every batch, and losses,
                             gradients and batch-norm statistics are averaged, so the run
                             equals a one-worker run up to float rounding. The batch size
                             must divide by N; graphs with nodes that cannot be split (a
                             concatenation along the batch axis, a gradient penalty on a
                             batch-norm critic, style transfer) are refused. Checkpoints
                             resume with any N.
                             Pays for convnets (DCGAN: 1.3-1.5x), not for small dense
                             models (VAE: 0.7x; see bench/README.md)
  --sample-every K           write sample grids every K steps (0: only at the end)
  --checkpoint-every K       write a checkpoint every K steps (0: only at the end)
  --resume                   continue the run in --out from its latest checkpoint up to
                             --steps in total; seed and batch size come from run.json
  --debug                    show stack traces

Ctrl-C finishes the current step, writes a checkpoint and exits 130; a second Ctrl-C
exits at once.`;

const options = {
  out: { type: 'string', short: 'o' },
  steps: { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  'batch-size': { type: 'string' },
  resume: { type: 'boolean' },
  'sample-every': { type: 'string' },
  'checkpoint-every': { type: 'string' },
  workers: { type: 'string' },
} as const;

interface TrainArgs {
  graph?: string;
  run: RunDir;
  steps?: number;
  seed?: number;
  batchSize?: number;
  sampleEvery?: number;
  checkpointEvery?: number;
  backend: (typeof BACKENDS)[number];
  /** Data-parallel workers (1: train in this thread only). */
  workers: number;
}

/** The loop's plan, and the worker threads when training data-parallel. */
interface Planned {
  plan: TrainPlan;
  group?: DataParallelGroup;
}

export async function trainCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse('train', argv, options);
  if (values.help) {
    io.stdout.write(`${trainHelp}\n`);
    return 0;
  }
  if (!values.out) throw new UserError('ganvas train: --out <dir> is required (the run directory to write)');
  if (positionals.length > 1) throw new UserError(`ganvas train: unexpected argument "${positionals[1]}"`);
  const args: TrainArgs = {
    run: new RunDir(resolvePath(io, values.out)),
    backend: oneOf('backend', values.backend, BACKENDS) ?? 'auto',
    workers: intOption('workers', values.workers, 1) ?? 1,
  };
  if (positionals[0] !== undefined) args.graph = resolvePath(io, positionals[0]);
  const put = <K extends keyof TrainArgs>(k: K, v: TrainArgs[K] | undefined) => {
    if (v !== undefined) args[k] = v;
  };
  put('steps', intOption('steps', values.steps, 1));
  put('seed', intOption('seed', values.seed));
  put('batchSize', intOption('batch-size', values['batch-size'], 1));
  put('sampleEvery', intOption('sample-every', values['sample-every']));
  put('checkpointEvery', intOption('checkpoint-every', values['checkpoint-every']));
  const { plan, group } = values.resume ? await planResume(args, io) : await planNew(args, io);
  try {
    return await trainLoop(plan, io);
  } finally {
    await group?.close();
    plan.trainer.dispose();
  }
}

/** With --workers N > 1: a group whose replica worker 0's trainer is compiled with. */
function newGroup(args: TrainArgs, io: CliIO): DataParallelGroup | undefined {
  if (args.workers === 1) return undefined;
  return new DataParallelGroup({
    workers: args.workers,
    log: (level, message) => io.stderr.write(`${level === 'warn' ? 'warning: ' : ''}${message}\n`),
  });
}

/**
 * Refuses a graph that cannot be split across the workers, then starts the worker threads
 * from worker 0's current state. Disposes the trainer when it fails.
 */
async function startGroup(group: DataParallelGroup | undefined, trainer: Trainer, backend: string, graphDir: string, io: CliIO): Promise<void> {
  if (!group) return;
  try {
    checkDataParallel(trainer, group.workers);
    await group.start(trainer, { backend, searchDirs: [cliRoot, cwdOf(io)], graphDir });
  } catch (e) {
    trainer.dispose();
    if (e instanceof DataParallelRefused) {
      throw new UserError(`ganvas train: cannot split this graph across ${group.workers} workers:`, [...e.problems, 'train with --workers 1']);
    }
    throw new UserError(`ganvas train: could not start the ${group.workers - 1} worker thread(s): ${messageOf(e)}`);
  }
}

/** Runs what follows the start of the workers; if it fails, the workers and the trainer end. */
async function thenOrClose<T>(group: DataParallelGroup | undefined, trainer: Trainer, rest: () => Promise<T>): Promise<T> {
  try {
    return await rest();
  } catch (e) {
    await group?.close();
    trainer.dispose();
    throw e;
  }
}

async function compileFor(raw: unknown, registry: Registry, group: DataParallelGroup | undefined, options: { seed?: number; batchSize?: number; graphDir: string; io: CliIO }): Promise<Trainer> {
  return compileGraph(raw, registry, { ...options, ...(group ? { replica: group.replica } : {}) });
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}

async function planNew(args: TrainArgs, io: CliIO): Promise<Planned> {
  if (!args.graph) throw new UserError('ganvas train: missing the graph file', ['usage: ganvas train <graph.json> --out <dir>']);
  const { run } = args;
  if ((await exists(run.graphFile)) || (await exists(run.checkpointsDir))) {
    throw new UserError(`${run.dir} already holds a run; add --resume to continue it, or choose another --out`);
  }
  const raw = await readJsonFile(args.graph, 'graph file');
  const loaded = await loadRegistry(io);
  const backend = await useBackend(args.backend, io);
  const group = newGroup(args, io);
  const graphDir = path.dirname(args.graph);
  const trainer = await compileFor(raw, loaded.registry, group, { seed: args.seed, batchSize: args.batchSize, graphDir, io });
  await startGroup(group, trainer, backend, graphDir, io);
  return thenOrClose(group, trainer, async () => {
    const packages: Record<string, string> = {};
    for (const r of loaded.reports) if (r.loaded) packages[r.packageName] = r.version;
    // The run directory is laid out by the runner's createRun, shared with `ganvas serve`.
    const plan = await createRun({
      trainer,
      run,
      backend,
      packages,
      ganvasVersion: ganvasVersion(),
      graphSource: args.graph,
      ...(args.steps !== undefined ? { steps: args.steps } : {}),
      ...(args.sampleEvery !== undefined ? { sampleEvery: args.sampleEvery } : {}),
      ...(args.checkpointEvery !== undefined ? { checkpointEvery: args.checkpointEvery } : {}),
    });
    const { steps } = plan;
    if (group) {
      plan.info = { ...plan.info, workers: group.workers };
      await run.writeRunInfo(plan.info);
    }
    const on = group ? `, ${group.workers} workers` : '';
    io.stdout.write(`training ${steps} steps (seed ${trainer.seed}, batch ${trainer.batchSize}${on}) into ${relativeTo(io, run.dir)}\n`);
    return { plan, ...(group ? { group } : {}) };
  });
}

async function planResume(args: TrainArgs, io: CliIO): Promise<Planned> {
  const { run } = args;
  const fail = (e: unknown): never => {
    throw new UserError(`cannot resume ${run.dir}: ${messageOf(e)}`);
  };
  const raw = await run.readGraph().catch(fail);
  const info = await run.readRunInfo().catch(fail);
  if (args.seed !== undefined && args.seed !== info.seed) {
    throw new UserError(`--seed ${args.seed} differs from the run's seed ${info.seed}; a resumed run keeps its seed`);
  }
  if (args.batchSize !== undefined && args.batchSize !== info.batchSize) {
    throw new UserError(`--batch-size ${args.batchSize} differs from the run's ${info.batchSize}; a resumed run keeps its batch size`);
  }
  if (args.graph) io.stderr.write(`note: resuming uses ${relativeTo(io, run.graphFile)}; ${relativeTo(io, args.graph)} is ignored\n`);
  const checkpoint = await run.loadLatestCheckpoint().catch(fail);
  const loaded = await loadRegistry(io);
  const backend = await useBackend(args.backend, io);
  const group = newGroup(args, io);
  const graphDir = info.graphSource ? path.dirname(info.graphSource) : cwdOf(io);
  const trainer = await compileFor(raw, loaded.registry, group, { seed: info.seed, batchSize: info.batchSize, graphDir, io });
  try {
    trainer.restore(checkpoint);
  } catch (e) {
    trainer.dispose();
    fail(e);
  }
  // The workers start from the restored state: a checkpoint resumes with any number of workers.
  await startGroup(group, trainer, backend, graphDir, io);
  return thenOrClose(group, trainer, async () => {
    await run.truncateMetrics(trainer.step);
    const training = trainer.document.training;
    const steps = args.steps ?? info.steps ?? training.steps;
    const resumes = [...(info.resumes ?? []), { at: new Date().toISOString(), fromStep: trainer.step, backend, ...(group ? { workers: group.workers } : {}) }];
    const { finishedAt: _done, ...rest } = info;
    const updated: RunInfo = { ...rest, steps, resumes };
    await run.writeRunInfo(updated);
    const on = group ? ` on ${group.workers} workers` : '';
    io.stdout.write(`resuming ${relativeTo(io, run.dir)} at step ${trainer.step} of ${steps}${on}\n`);
    const plan: TrainPlan = {
      trainer,
      run,
      info: updated,
      steps,
      sampleEvery: args.sampleEvery ?? training.sampleEvery,
      checkpointEvery: args.checkpointEvery ?? training.checkpointEvery,
      resumedFrom: trainer.step,
    };
    return { plan, ...(group ? { group } : {}) };
  });
}

export type { Trainer };
