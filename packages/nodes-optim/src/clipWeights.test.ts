import * as tf from '@tensorflow/tfjs-core';
import { PortValueMap, Rng, buildTestNode } from '@ganvas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipWeights } from './clipWeights.js';
import { fakeNetwork, useCpu } from './test-util.js';


const fctx = { training: true, batchSize: 1, step: 0, purpose: 'train' as const };

describe('optim.clipWeights', () => {
  beforeAll(useCpu);

  it('clips every trainable variable to [−clip, clip] in place, and nothing else', async () => {
    const node = await buildTestNode(clipWeights, { params: { clip: 0.05 } });
    const w = tf.variable(tf.tensor([0.2, -0.3, 0.01, -0.04, 0.05]));
    const b = tf.variable(tf.tensor([[-1, 0.049]]));
    const runningMean = tf.variable(tf.tensor([3, -3]), false);
    const inputs = new PortValueMap('clip', { network: fakeNetwork([w, b], [runningMean]) });
    const before = tf.memory().numTensors;
    node.instance.afterUpdate!(inputs, { ...fctx, rng: new Rng(1) });
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(w.dataSync())).toEqual(Array.from(new Float32Array([0.05, -0.05, 0.01, -0.04, 0.05])));
    expect(Array.from(b.dataSync())).toEqual(Array.from(new Float32Array([-0.05, 0.049])));
    expect(Array.from(runningMean.dataSync())).toEqual([3, -3]);
    [w, b, runningMean].forEach((v) => v.dispose());
  });

  it('defaults to the WGAN clip of 0.01', () => {
    expect(clipWeights.params.parse({}).clip).toBe(0.01);
  });
});
