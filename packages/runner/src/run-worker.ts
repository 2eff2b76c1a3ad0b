import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '@ganvas/backend';
import { CompileError, compile, formatDiagnostic, type Trainer } from '@ganvas/core';
import { DataParallelGroup, RunDir, createNodeHost, createNodeRegistry, dataParallelProblems, type PluginReport } from '@ganvas/host-node';
import { createRun } from './new-run.js';
import type { FromWorker, ToWorker, WorkerData } from './protocol.js';
import { TrainingLoop } from './training-loop.js';

/**
 * One training run in its own thread: the server stays responsive while tfjs computes, and a
 * run that throws — even outside the loop — ends this thread only. The loop writes the run
 * directory exactly as `ganvas train` does; this file only relays commands and events.
 */

const port = parentPort!;
const data = workerData as WorkerData;
const send = (m: FromWorker) => port.postMessage(m);

async function main(): Promise<void> {
  const { spec } = data;
  const loaded = await createNodeRegistry({ searchDirs: data.searchDirs });
  const backend = await selectBackend(spec.backend ?? 'auto', {});
  const host = createNodeHost({
    baseDir: data.graphDir,
    log: (level, message) => send({ type: 'log', level, message }),
  });
  const compileWith = async (group: DataParallelGroup | undefined): Promise<Trainer> => {
    try {
      return await compile(spec.document, loaded.registry, {
        host,
        ...(spec.seed !== undefined ? { seed: spec.seed } : {}),
        ...(group ? { replica: group.replica } : {}),
      });
    } catch (e) {
      if (e instanceof CompileError) {
        throw new Error(`the graph has errors:\n${e.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n')}`);
      }
      throw e;
    }
  };
  let group = data.workers > 1 ? new DataParallelGroup({ workers: data.workers, log: (level, message) => send({ type: 'log', level, message }) }) : undefined;
  let trainer = await compileWith(group);
  if (group) {
    const problems = dataParallelProblems(trainer, group.workers);
    if (problems.length > 0) {
      // The runner's --workers is a default for every run: a graph that cannot be split still trains.
      send({ type: 'log', level: 'warn', message: `training on one worker: this graph cannot be split across ${group.workers}:\n${problems.map((p) => `  - ${p}`).join('\n')}` });
      trainer.dispose();
      group = undefined;
      trainer = await compileWith(undefined);
    } else {
      try {
        await group.start(trainer, { backend: backend.name, searchDirs: data.searchDirs, graphDir: data.graphDir });
      } catch (e) {
        trainer.dispose();
        await group.close();
        throw new Error(`could not start the ${group.workers - 1} worker thread(s): ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  try {
    await train(trainer, group, loaded.reports, backend.name);
  } finally {
    await group?.close();
  }
}

async function train(trainer: Trainer, group: DataParallelGroup | undefined, reports: PluginReport[], backend: string): Promise<void> {
  const { spec } = data;
  const packages: Record<string, string> = {};
  for (const r of reports) if (r.loaded) packages[r.packageName] = r.version;
  const run = new RunDir(data.dir);
  const plan = await createRun({
    trainer,
    run,
    backend,
    packages,
    ganvasVersion: data.ganvasVersion,
    ...(spec.steps !== undefined ? { steps: spec.steps } : {}),
    ...(spec.sampleEvery !== undefined ? { sampleEvery: spec.sampleEvery } : {}),
    ...(spec.checkpointEvery !== undefined ? { checkpointEvery: spec.checkpointEvery } : {}),
  });
  if (group) {
    plan.info = { ...plan.info, workers: group.workers };
    await run.writeRunInfo(plan.info);
  }
  const loop = new TrainingLoop(plan, {
    step: (e) => send({ type: 'step', step: e.step, losses: e.losses, ms: e.ms }),
    phase: (e) => send({ type: 'phase', ...e }),
    samples: (step, files) => send({ type: 'sample', step, files: files.map((f) => path.relative(data.dir, f)) }),
    checkpoint: (step) => send({ type: 'checkpoint', step }),
    status: (status, step) => send({ type: 'status', status, step }),
  });
  port.on('message', (m: ToWorker) => {
    if (m.type === 'pause') loop.pause();
    else if (m.type === 'resume') loop.resume();
    else if (m.type === 'stop') loop.stop();
    else if (m.type === 'step' && group && m.phase !== undefined) {
      // A replica updates only within whole steps (every worker runs every phase in order).
      send({ type: 'stepResult', id: m.id, error: `this run trains on ${group.workers} workers, which step whole steps only; start the runner without --workers to step one phase at a time` });
    } else if (m.type === 'step') {
      loop.stepOnce(m.phase).then(
        (r) => send({ type: 'stepResult', id: m.id, step: r.step, ...(r.phase ? { phase: r.phase, loss: r.loss! } : {}), ...(r.completed ? { losses: r.completed.losses } : {}) }),
        (e: Error) => send({ type: 'stepResult', id: m.id, error: e.message }),
      );
    }
  });
  // A run started paused stops before its first step; the loop reports 'paused' itself.
  if (spec.paused) loop.pause();
  send({ type: 'started', steps: plan.steps, step: trainer.step, phases: loop.phases, backend });
  const outcome = await loop.run();
  await group?.close();
  send({
    type: 'done',
    status: outcome.status,
    step: trainer.step,
    ...(outcome.status === 'failed' ? { error: outcome.message } : {}),
  });
  trainer.dispose();
  port.close();
}

main().catch((e: unknown) => {
  send({ type: 'done', status: 'failed', step: -1, error: e instanceof Error ? e.message : String(e) });
  port.close();
});
