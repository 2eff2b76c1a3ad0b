import type { Registry } from '@ganvas/core';
import type { PluginReport } from '@ganvas/host-node';

/** Where a command writes, and what a test can replace: streams, plug-ins, Ctrl-C. */

export interface OutStream {
  write(text: string): unknown;
  /** Set on terminals: the progress bar redraws in place instead of printing lines. */
  isTTY?: boolean;
}

export interface LoadedRegistry {
  registry: Registry;
  reports: PluginReport[];
  errors: string[];
}

export interface CliIO {
  stdout: OutStream;
  stderr: OutStream;
  /** Working directory for relative paths (default: `process.cwd()`). */
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Show stack traces (`--debug` or GANVAS_DEBUG=1); set by `main`. */
  debug?: boolean;
  /** Replaces plug-in discovery (tests register in-process plug-ins this way). */
  loadRegistry?: () => Promise<LoadedRegistry>;
  /**
   * Calls `handler` on the first Ctrl-C and returns an unsubscribe function. The default
   * listens for SIGINT once, so a second Ctrl-C falls through to Node's default: exit now.
   */
  onInterrupt?: (handler: () => void) => () => void;
}

export const processInterrupt = (handler: () => void): (() => void) => {
  process.once('SIGINT', handler);
  return () => process.removeListener('SIGINT', handler);
};
