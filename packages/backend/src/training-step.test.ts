import './test-gradients.js';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { selectBackend } from './select-backend.js';
import { compare, onBothBackends, randomValues } from './test-helpers.js';
import { mixedNetLoss, mixedNetParams, mixedNetShapes } from './test-model.js';

const names = Object.keys(mixedNetShapes);
const xValues = randomValues(4 * 8 * 8 * 2, 42);
const labelValues = [1, 3, 3, 9];

/** One forward+backward pass with tf.variableGrads; returns [loss, ...grads]. */
function step(params: Record<string, Float32Array>): tf.Tensor[] {
  const vars = names.map((n) => tf.variable(tf.tensor(params[n]!, mixedNetShapes[n])));
  const x = tf.tensor4d(xValues, [4, 8, 8, 2]);
  const labels = tf.tensor1d(labelValues, 'int32');
  const byName = Object.fromEntries(names.map((n, i) => [n, vars[i]!]));
  const { value, grads } = tf.variableGrads(() => mixedNetLoss(x, labels, byName), vars);
  const out = [value, ...vars.map((v) => grads[v.name]!)];
  tf.dispose(vars);
  return out;
}

describe('a mixed conv/dense training step on wasm', () => {
  it('gives the same loss and gradients as cpu', async () => {
    const params = mixedNetParams(9);
    const { cpu, wasm } = await onBothBackends(() => step(params));
    expect(wasm).toHaveLength(names.length + 1);
    ['loss', ...names].forEach((name, i) => {
      const diff = compare(wasm[i]!, cpu[i]!);
      expect(diff.violations, `${name}: ${JSON.stringify(diff)}`).toBe(0);
      expect(Math.max(...cpu[i]!.map(Math.abs)), name).toBeGreaterThan(1e-3);
    });
  });

  it('keeps tensor and buffer counts flat over 20 steps', async () => {
    await selectBackend('wasm');
    const params = mixedNetParams(3);
    const backend = tf.backend();
    tf.dispose(tf.tidy(() => step(params)));
    const tensors = tf.memory().numTensors;
    const buffers = backend.numDataIds();
    for (let i = 0; i < 20; i++) tf.dispose(tf.tidy(() => step(params)));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(buffers);
  });
});
