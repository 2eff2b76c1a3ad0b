import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/**
 * Directory holding the `.wasm` binaries of the installed tfjs-backend-wasm, with a
 * trailing slash as `setWasmPaths` expects. Resolved from the package itself because
 * the default (a path relative to the calling script or a CDN) is wrong in Node.
 */
export function wasmBinaryDirectory(): string {
  const require = createRequire(import.meta.url);
  // The package's main file sits in dist/, next to the .wasm files.
  return `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`;
}

/**
 * Points tfjs at the wasm binaries, once. `setWasmPaths` must run before the wasm
 * backend is first initialised; after that the paths are fixed, so later calls (or
 * another package having initialised wasm already) are left alone.
 */
export function prepareWasm(threads: number | undefined): void {
  // `tf.findBackend` would initialise the backend as a side effect, so look at the
  // registry of initialised backends directly.
  if (pathsSet || 'wasm' in tf.engine().registry) return;
  if (threads !== undefined) setThreadsCount(threads);
  setWasmPaths(wasmBinaryDirectory());
  pathsSet = true;
}

let pathsSet = false;
