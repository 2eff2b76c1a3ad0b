import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestNode, type Network } from '@ganvas/core';
import { imageParameter } from './image-parameter.js';
import { randn, useCpu } from './test-backend.js';

beforeAll(useCpu);

describe('style.imageParameter', () => {
  it('starts from the init image once, then keeps its own (trained) pixels; state says so', async () => {
    const node = await buildTestNode(imageParameter, { params: { height: 2, width: 3 } });
    const init = randn([1, 2, 3, 3], 1);
    const out = node.forward({ init });
    const net = out.net as Network;
    expect(net.trainableVariables()).toHaveLength(1);
    expect(Array.from((out.image as tf.Tensor).dataSync())).toEqual(Array.from(init.dataSync()));
    net.trainableVariables()[0]!.assign(tf.zeros([1, 2, 3, 3]));
    expect(Array.from((node.forward({ init }).image as tf.Tensor).dataSync())).toEqual(new Array(18).fill(0));
    expect(node.instance.getState!()).toEqual({ json: { initialised: true } });
    node.dispose();
  });

  it('restored state never re-initialises', async () => {
    const node = await buildTestNode(imageParameter, { params: { height: 1, width: 1 } });
    node.instance.setState!({ json: { initialised: true } });
    const v = (node.forward({ init: tf.ones([1, 1, 1, 3]) }).image as tf.Tensor).dataSync();
    expect(Array.from(v)).toEqual([0.5, 0.5, 0.5]);
    node.dispose();
  });

  it('noise init is U(0, 1); init "input" without an input is a graph error', async () => {
    const node = await buildTestNode(imageParameter, { params: { height: 8, width: 8, init: 'noise' } });
    const v = (node.forward({}).image as tf.Tensor).dataSync();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThanOrEqual(1);
    expect(new Set(v).size).toBeGreaterThan(100);
    const res = imageParameter.infer!({
      nodeId: 'img',
      params: imageParameter.params.parse({}),
      inputs: {},
      bindings: new Map(),
      declaredOutputs: {},
    });
    expect(res).toMatchObject({ errors: [{ port: 'init' }] });
    node.dispose();
  });
});
