import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeRegistry } from '@ganvas/host-node';
import type { CliIO, LoadedRegistry } from './io.js';

/** The CLI package's root (this file is in `src/` or `dist/`): its dependencies are the built-in plug-ins. */
export const cliRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function ganvasVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(cliRoot, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export function cwdOf(io: CliIO): string {
  return io.cwd ?? process.cwd();
}

export function resolvePath(io: CliIO, p: string): string {
  return path.resolve(cwdOf(io), p);
}

/**
 * Built-in plug-ins (dependencies of the CLI) plus any installed where the command runs.
 * Plug-in problems are warnings: the commands still work with what did load.
 */
export async function loadRegistry(io: CliIO): Promise<LoadedRegistry> {
  const loaded = io.loadRegistry
    ? await io.loadRegistry()
    : await createNodeRegistry({ searchDirs: [cliRoot, cwdOf(io)] });
  for (const e of loaded.errors) io.stderr.write(`warning: plug-in skipped or incomplete: ${e}\n`);
  return loaded;
}
