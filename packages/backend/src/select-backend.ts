import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendChoice, BackendInfo, SelectBackendOptions } from './backend-info.js';
import { BackendError, backendErrorCodes, nativeMissingMessage } from './errors.js';
import { nativePackages, probeNative } from './native.js';
import { registerWasmTrainingKernels } from './register-wasm-training-kernels.js';
import { prepareWasm } from './wasm-setup.js';

/**
 * Makes one TensorFlow.js backend active and says why it was chosen.
 *
 * - `auto`: tfjs-node-gpu, then tfjs-node (both optional, never required), then wasm,
 *   then the pure-JS cpu backend.
 * - `tensorflow`: native only; rejects with a {@link BackendError} explaining how to
 *   install tfjs-node when neither package loads.
 * - `wasm` / `cpu`: exactly that backend. wasm gets the training kernels it lacks.
 *
 * Idempotent, and switching back and forth (e.g. cpu ↔ wasm in tests) works: tfjs keeps
 * initialised backends and moves tensor data between them on demand.
 */
export async function selectBackend(choice: BackendChoice, opts: SelectBackendOptions = {}): Promise<BackendInfo> {
  const info = await pick(choice, opts);
  opts.log?.(`backend: ${info.name} (${info.reason})`);
  return info;
}

async function pick(choice: BackendChoice, opts: SelectBackendOptions): Promise<BackendInfo> {
  switch (choice) {
    case 'cpu':
      await activate('cpu');
      return { name: 'cpu', requested: choice, reason: 'requested' };
    case 'wasm':
      await activateWasm(opts);
      return { name: 'wasm', requested: choice, reason: 'requested' };
    case 'tensorflow':
      return activateNative(choice);
    case 'auto':
      return pickAuto(opts);
  }
}

async function pickAuto(opts: SelectBackendOptions): Promise<BackendInfo> {
  const skipped: string[] = [];
  for (const pkg of nativePackages) {
    const probe = await probeNative(pkg);
    if (probe.loaded && (await tf.setBackend('tensorflow'))) {
      return { name: 'tensorflow', requested: 'auto', reason: `auto: ${pkg}` };
    }
    skipped.push(probe.loaded ? `${pkg} loaded but its backend did not start` : probe.detail);
  }
  try {
    await activateWasm(opts);
    return { name: 'wasm', requested: 'auto', reason: `auto: ${skipped.join(', ')}` };
  } catch (err) {
    // A browser page that cannot fetch the .wasm files, or a runtime without
    // WebAssembly: cpu still works, only slowly.
    skipped.push(`wasm failed (${err instanceof Error ? err.message : String(err)})`);
  }
  await activate('cpu');
  return { name: 'cpu', requested: 'auto', reason: `auto: ${skipped.join(', ')}` };
}

async function activateNative(requested: string): Promise<BackendInfo> {
  const problems: string[] = [];
  for (const pkg of nativePackages) {
    const probe = await probeNative(pkg);
    if (probe.loaded && (await tf.setBackend('tensorflow'))) {
      return { name: 'tensorflow', requested, reason: `requested, using ${pkg}` };
    }
    problems.push(probe.loaded ? `${pkg} loaded but its backend did not start` : probe.detail);
  }
  throw new BackendError(backendErrorCodes.nativeMissing, nativeMissingMessage(problems));
}

async function activateWasm(opts: SelectBackendOptions): Promise<void> {
  prepareWasm(opts.threads);
  await activate('wasm');
  registerWasmTrainingKernels();
}

async function activate(name: string): Promise<void> {
  // setBackend resolves false (after logging) instead of throwing when init fails.
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) {
    throw new BackendError(backendErrorCodes.setBackendFailed, `tfjs could not start the '${name}' backend`);
  }
}
