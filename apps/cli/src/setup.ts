import { BuildError, CompileError, compile, formatDiagnostic, type Registry, type Replica, type Trainer } from '@ganvas/core';
import { BackendError, selectBackend, type BackendChoice } from '@ganvas/backend';
import { createNodeHost } from '@ganvas/host-node';
import path from 'node:path';
import { UserError, messageOf } from './errors.js';
import type { CliIO } from './io.js';

/** Steps shared by `train` and `sample`: backend, compile, samples to PNG. */

export const BACKENDS = ['auto', 'wasm', 'cpu', 'tensorflow'] as const satisfies readonly BackendChoice[];

export async function useBackend(choice: BackendChoice, io: CliIO): Promise<string> {
  try {
    const info = await selectBackend(choice, {});
    io.stdout.write(`backend: ${info.name} (${info.reason})\n`);
    return info.name;
  } catch (e) {
    if (e instanceof BackendError) throw new UserError(e.message);
    throw e;
  }
}

export async function compileGraph(
  raw: unknown,
  registry: Registry,
  options: { seed?: number; batchSize?: number; graphDir: string; io: CliIO; replica?: Replica },
): Promise<Trainer> {
  const host = createNodeHost({
    baseDir: options.graphDir,
    log: (level, message) => options.io.stderr.write(`${level === 'warn' ? 'warning: ' : ''}${message}\n`),
  });
  try {
    return await compile(raw, registry, {
      host,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
      ...(options.replica ? { replica: options.replica } : {}),
    });
  } catch (e) {
    if (e instanceof CompileError) {
      const n = e.diagnostics.filter((d) => d.severity === 'error').length;
      throw new UserError(`the graph has ${n} error${n === 1 ? '' : 's'}:`, e.diagnostics.map(formatDiagnostic));
    }
    if (e instanceof BuildError) throw new UserError(`cannot build the graph: ${e.message}`);
    throw e;
  }
}

// Sample grids to PNG are shared with the runner.
export { samplePngs, writeSamples } from '@ganvas/runner';

export function relativeTo(io: CliIO, p: string): string {
  const rel = path.relative(io.cwd ?? process.cwd(), p);
  return rel && !rel.startsWith('..') ? rel : p;
}

export { messageOf };
