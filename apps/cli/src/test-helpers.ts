import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from './cli.js';
import type { CliIO } from './io.js';

/** In-process CLI runs for tests: captured output, a chosen working dir, optional overrides. */

export const tinyGraphFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-fixtures', 'tiny-graph.json');

/** A fresh copy of the tiny fixture graph (3-layer generator fitted to noise by SGD). */
export function tinyGraph(): Record<string, any> {
  return JSON.parse(readFileSync(tinyGraphFile, 'utf8')) as Record<string, any>;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], cwd: string, extra: Partial<CliIO> = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd,
    env: {},
    // Never touch the test process's SIGINT handling.
    onInterrupt: () => () => undefined,
    ...extra,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
