import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendAvailability } from './backend-info.js';
import { nativePackages, probeNative } from './native.js';

/**
 * Reports which backends could be used here, without changing the active one.
 * Native packages are probed by importing them (once per process); wasm counts as
 * available when the runtime has WebAssembly and the backend is registered.
 */
export async function listBackends(): Promise<BackendAvailability[]> {
  const rows: BackendAvailability[] = [];
  for (const pkg of nativePackages) {
    const probe = await probeNative(pkg);
    rows.push({ name: pkg, available: probe.loaded, detail: probe.detail });
  }
  const hasWasm = typeof (globalThis as { WebAssembly?: unknown }).WebAssembly === 'object' && tf.engine().backendNames().includes('wasm');
  rows.push({
    name: 'wasm',
    available: hasWasm,
    detail: hasWasm ? '@tensorflow/tfjs-backend-wasm (bundled)' : 'WebAssembly is not available in this runtime',
  });
  rows.push({ name: 'cpu', available: true, detail: '@tensorflow/tfjs-backend-cpu (pure JavaScript, slow for convolutions)' });
  return rows;
}
