import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Runs the PyTorch reference scripts of bench/reference/. */

/** Debian's python3 (with python3-torch); GANVAS_PYTHON overrides it, e.g. for a venv. */
export const PYTHON = process.env.GANVAS_PYTHON ?? '/usr/bin/python3';
export const referenceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bench/reference');

/**
 * Throws (so the test fails, never skips) when python3 or torch is missing: CI installs them,
 * and a reference test that silently does nothing would hide regressions.
 */
export function requireTorch(): string {
  try {
    return execFileSync(PYTHON, ['-c', 'import torch, numpy; print(torch.__version__)'], { encoding: 'utf8' }).trim();
  } catch (e) {
    throw new Error(
      `the PyTorch reference tests need ${PYTHON} with torch and numpy (Debian: apt-get install python3-torch); ` +
        `running it failed: ${(e as Error).message.split('\n')[0]}`,
    );
  }
}

/** Run `bench/reference/<script> ...args` and parse the JSON it prints on its last line. */
export function runReference<T>(script: string, args: string[], timeoutMs = 170_000): T {
  const stdout = execFileSync(PYTHON, [path.join(referenceDir, script), ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 16 << 20,
    // Two cores shared with the JS side: keep torch to one thread for repeatable timing.
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as T;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `ganvas-${prefix}-`));
}
