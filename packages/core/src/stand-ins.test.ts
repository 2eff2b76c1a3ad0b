import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestNode, checkGradients, compile, createRegistry, nullHost, registerStandIns, standIns } from './index.js';
import { tinyGraph } from './test-support/tiny-graph.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('stand-in nodes', () => {
  it('noise gives `dims` values per row, as its shape inference says', async () => {
    const node = await buildTestNode(standIns.noise, { params: { dims: 6 }, batchSize: 3 });
    const z = node.forward({}).z as tf.Tensor;
    expect(z.shape).toEqual([3, 6]);
    node.dispose();
  });

  it('meanSquare is mean((x − target)²), with matching gradients', async () => {
    const node = await buildTestNode(standIns.meanSquare, { params: { target: 1 }, inputs: { x: { role: 'tensor', shape: [2, 3] } } });
    const x = tf.tensor2d([
      [0, 1, 2],
      [3, -1, 0.5],
    ]);
    const loss = node.forward({ x }).loss as tf.Scalar;
    expect(loss.dataSync()[0]).toBeCloseTo((1 + 0 + 1 + 4 + 4 + 0.25) / 6, 6);
    const check = checkGradients(([v]) => node.forward({ x: v! }).loss as tf.Scalar, [x]);
    expect(check.maxRelError).toBeLessThan(1e-3);
    node.dispose();
  });

  it('register under `standin` and train a graph through the real Trainer, checkpointing the optimizer', async () => {
    const registry = registerStandIns(createRegistry());
    expect(Object.values(standIns).every((d) => registry.has(d.type))).toBe(true);
    const t = await compile(tinyGraph(), registry, { host: nullHost });
    const first = (await t.runStep()).losses.G!;
    let last = first;
    for (let i = 0; i < 29; i++) last = (await t.runStep()).losses.G!;
    expect(last).toBeLessThan(first * 0.5);
    expect(t.snapshot().meta.nodeStates['optimizer/opt']).toEqual({ count: 30 });
    t.dispose();
  });

  it('refuses to register twice, naming the package', () => {
    const registry = registerStandIns(createRegistry());
    expect(() => registerStandIns(registry)).toThrow('stand-in nodes failed to register');
  });
});
