import path from 'node:path';
import type { Registry, Trainer } from '@ganvas/core';
import { RunDir } from '@ganvas/host-node';
import { findGenerator, type Generator } from '@ganvas/tools';
import type { BackendChoice } from '@ganvas/backend';
import { cwdOf, loadRegistry, resolvePath } from '../context.js';
import { UserError, messageOf } from '../errors.js';
import type { CliIO } from '../io.js';
import { compileGraph, useBackend } from '../setup.js';

/** A run's graph compiled and its latest checkpoint restored, for tools that only read it; with the registry and the directory the graph's relative paths resolve against. */
export async function openRun(io: CliIO, dir: string, backend: BackendChoice, what: string): Promise<{ run: RunDir; trainer: Trainer; registry: Registry; graphDir: string }> {
  const run = new RunDir(resolvePath(io, dir));
  const fail = (e: unknown): never => {
    throw new UserError(`cannot ${what} ${run.dir}: ${messageOf(e)}`);
  };
  const raw = await run.readGraph().catch(fail);
  const info = await run.readRunInfo().catch(fail);
  const checkpoint = await run.loadLatestCheckpoint().catch(fail);
  const { registry } = await loadRegistry(io);
  await useBackend(backend, io);
  const graphDir = info.graphSource ? path.dirname(info.graphSource) : cwdOf(io);
  const trainer = await compileGraph(raw, registry, {
    seed: info.seed,
    batchSize: info.batchSize,
    graphDir,
    io,
  });
  try {
    trainer.restore(checkpoint);
  } catch (e) {
    trainer.dispose();
    fail(e);
  }
  return { run, trainer, registry, graphDir };
}

/** findGenerator with its message as a user error. */
export function generatorOf(trainer: Trainer, previewId?: string): Generator {
  try {
    return findGenerator(trainer, previewId ? { previewId } : {});
  } catch (e) {
    throw new UserError(`cannot find the generator: ${messageOf(e)}`);
  }
}
