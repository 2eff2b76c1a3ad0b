import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestNode, type Network } from '@ganvas/core';
import { fixedFeatures } from './fixed-features.js';
import { randn, useCpu } from './test-backend.js';

beforeAll(useCpu);

/** A network that doubles its input under two names and counts its applications. */
function countingNet(): Network & { calls: number } {
  const net = {
    kind: 'network' as const,
    name: 'counter',
    calls: 0,
    signature: {
      inputs: [{ name: 'image', contract: { role: 'image' as const } }],
      outputs: [
        { name: 'a', contract: { role: 'features' as const, shape: ['B', 'H', 'W', 3] } },
        { name: 'b', contract: { role: 'features' as const } },
      ],
    },
    apply(inputs: Record<string, tf.Tensor>) {
      net.calls++;
      return { a: tf.mul(inputs['image']!, 2), b: tf.neg(inputs['image']!) };
    },
    trainableVariables: () => [],
    variables: () => [],
  };
  return net;
}

describe('style.fixedFeatures', () => {
  it('runs the network once for an unchanged image and recomputes for a new one', async () => {
    const net = countingNet();
    const node = await buildTestNode(fixedFeatures, { params: { layer: 'a' } });
    const image = randn([1, 2, 2, 3], 1);
    const before = tf.memory().numTensors;
    const first = tf.tidy(() => node.forward({ network: net, image }).features as tf.Tensor);
    for (let i = 0; i < 3; i++) tf.tidy(() => { node.forward({ network: net, image }); });
    expect(net.calls).toBe(1);
    expect(tf.memory().numTensors).toBe(before + 1); // the cached features, nothing else
    expect(Array.from(first.dataSync())).toEqual(Array.from(image.dataSync()).map((v) => Math.fround(2 * v)));
    const other = randn([1, 2, 2, 3], 2);
    tf.tidy(() => { node.forward({ network: net, image: other }); });
    expect(net.calls).toBe(2);
    other.dispose();
    node.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('outputs the Gram matrix when asked, and names the outputs a network offers', async () => {
    const node = await buildTestNode(fixedFeatures, { params: { layer: 'a', gram: true } });
    const out = node.forward({ network: countingNet(), image: randn([1, 2, 2, 3], 3) }).features as tf.Tensor;
    expect(out.shape).toEqual([1, 3, 3]);
    const sig = countingNet().signature;
    const res = fixedFeatures.infer!({
      nodeId: 'f',
      params: fixedFeatures.params.parse({ layer: 'block9_conv9' }),
      inputs: { network: { role: 'network', network: sig } },
      bindings: new Map(),
      declaredOutputs: {},
    });
    expect(res).toEqual({ errors: [{ message: expect.stringContaining('no output "block9_conv9"; its outputs are a, b') }] });
    const gramContract = fixedFeatures.infer!({
      nodeId: 'f',
      params: fixedFeatures.params.parse({ layer: 'a', gram: true }),
      inputs: { network: { role: 'network', network: sig } },
      bindings: new Map(),
      declaredOutputs: {},
    });
    expect(gramContract).toEqual({ outputs: { features: { role: 'features', dtype: 'float32', shape: ['B', 3, 3] } } });
    node.dispose();
  });
});
