import * as tf from '@tensorflow/tfjs-core';
import { PortValueMap, Rng, buildTestNode } from '@ganvas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { averageWeights } from './averageWeights.js';
import { fakeNetwork, useCpu } from './test-util.js';


const fctx = { training: true, batchSize: 1, step: 0, purpose: 'train' as const, rng: new Rng(1) };

describe('optim.averageWeights', () => {
  beforeAll(useCpu);

  it('keeps avg ← decay·avg + (1 − decay)·w from the first update on, and leaves running statistics alone', async () => {
    const node = await buildTestNode(averageWeights, { params: { decay: 0.9 } });
    const w = tf.variable(tf.tensor([1, -2]));
    const runningMean = tf.variable(tf.tensor([5]), false);
    const inputs = new PortValueMap('ema', { network: fakeNetwork([w], [runningMean]) });
    expect(node.instance.evaluationWeights!(inputs)).toEqual([]);
    const history = [
      [1, -2],
      [3, 0],
      [-1, 4],
    ];
    let expected = history[0]!;
    for (const [i, values] of history.entries()) {
      w.assign(tf.tensor(values));
      // The engine calls modifiers inside tf.tidy; the average must survive it.
      tf.tidy(() => node.instance.afterUpdate!(inputs, fctx));
      if (i > 0) expected = expected.map((a, k) => 0.9 * a + 0.1 * values[k]!);
    }
    const before = tf.memory().numTensors;
    const pairs = node.instance.evaluationWeights!(inputs);
    expect(tf.memory().numTensors).toBe(before);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]![0]).toBe(w);
    const got = Array.from(pairs[0]![1].dataSync());
    expected.forEach((e, k) => expect(got[k]).toBeCloseTo(e, 5));
    // The live weight is untouched by averaging.
    expect(Array.from(w.dataSync())).toEqual([-1, 4]);
    node.instance.dispose?.();
    [w, runningMean].forEach((v) => v.dispose());
  });

  it('frees the previous average on every update (tensor count flat)', async () => {
    const node = await buildTestNode(averageWeights, {});
    const w = tf.variable(tf.ones([3, 3]));
    const inputs = new PortValueMap('ema', { network: fakeNetwork([w]) });
    node.instance.afterUpdate!(inputs, fctx);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) node.instance.afterUpdate!(inputs, fctx);
    expect(tf.memory().numTensors).toBe(before);
    node.instance.dispose?.();
    w.dispose();
  });

  it('saves and restores its average, and names a mismatch with the network', async () => {
    const node = await buildTestNode(averageWeights, { params: { decay: 0.5 } });
    const w = tf.variable(tf.tensor([2, 4]));
    const inputs = new PortValueMap('ema', { network: fakeNetwork([w]) });
    node.instance.afterUpdate!(inputs, fctx);
    const saved = node.instance.getState!();
    expect(saved.json).toEqual({ updates: 1 });
    const copy = { json: saved.json, tensors: { w0: tf.clone(saved.tensors!.w0!) } };

    const other = await buildTestNode(averageWeights, { params: { decay: 0.5 } });
    other.instance.setState!(copy);
    copy.tensors.w0.dispose(); // the engine disposes what it passed in; the node kept a copy
    expect(Array.from(other.instance.evaluationWeights!(inputs)[0]![1].dataSync())).toEqual([2, 4]);

    const wrong = tf.variable(tf.zeros([3]));
    expect(() => other.instance.evaluationWeights!(new PortValueMap('ema', { network: fakeNetwork([wrong]) }))).toThrow(
      /weight 0: \[3\] vs \[2\].*another graph/,
    );
    [node, other].forEach((n) => n.instance.dispose?.());
    [w, wrong].forEach((v) => v.dispose());
  });

  it('refuses decay 1, which would never move', async () => {
    await expect(buildTestNode(averageWeights, { params: { decay: 1 } })).rejects.toThrow(/decay must be below 1/);
  });
});
