import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BackendError, listBackends, registerWasmTrainingKernels, selectBackend, wasmTrainingKernels } from './index.js';

describe('selectBackend', () => {
  it("picks wasm under 'auto' when tfjs-node is absent, and says why", async () => {
    const lines: string[] = [];
    const info = await selectBackend('auto', { log: (m) => lines.push(m) });
    expect(info).toEqual({
      name: 'wasm',
      requested: 'auto',
      reason: 'auto: @tensorflow/tfjs-node-gpu not installed, @tensorflow/tfjs-node not installed',
    });
    expect(tf.getBackend()).toBe('wasm');
    expect(lines).toEqual([`backend: wasm (${info.reason})`]);
  });

  it("rejects 'tensorflow' with instructions for installing tfjs-node", async () => {
    const err: unknown = await selectBackend('tensorflow').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    const { code, message } = err as BackendError;
    expect(code).toBe('backend001');
    expect(message).toContain('@tensorflow/tfjs-node not installed');
    expect(message).toContain('npm install @tensorflow/tfjs-node');
    expect(message).toContain('TFJS_NODE_CDN_STORAGE');
    expect(message).toContain('custom-binary.json');
  });

  it('is idempotent and switches between cpu and wasm in one process', async () => {
    for (const name of ['wasm', 'wasm', 'cpu', 'cpu', 'wasm', 'cpu'] as const) {
      const info = await selectBackend(name);
      expect(info.name).toBe(name);
      expect(tf.getBackend()).toBe(name);
      // A tensor made on one backend is readable after switching.
      const t = tf.tensor1d([1, 2, 3]);
      expect(Array.from(await tf.mul(t, 2).data())).toEqual([2, 4, 6]);
    }
  });
});

describe('registerWasmTrainingKernels', () => {
  it('leaves the training kernels in place for wasm and is a no-op when repeated', async () => {
    await selectBackend('wasm');
    for (const { config } of wasmTrainingKernels) {
      expect(tf.getKernel(config.kernelName, 'wasm')?.kernelFunc, config.kernelName).toBe(config.kernelFunc);
    }
    expect(registerWasmTrainingKernels()).toEqual([]);
  });
});

describe('listBackends', () => {
  it('reports native packages missing and wasm/cpu available', async () => {
    const rows = await listBackends();
    expect(rows.map((r) => [r.name, r.available])).toEqual([
      ['@tensorflow/tfjs-node-gpu', false],
      ['@tensorflow/tfjs-node', false],
      ['wasm', true],
      ['cpu', true],
    ]);
  });
});
