import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, type NodeDefinition } from '../node-definition.js';
import * as init from '../initializers.js';

/**
 * A tiny plug-in used by core's own tests, so the engine is tested without depending on
 * the node packages (which depend on it).
 */
export const tinyLinear = defineNode({
  type: 'tiny.linear',
  version: 2,
  category: 'layer',
  title: 'Linear',
  description: 'y = xW + b',
  params: z.object({ units: z.number().int().positive() }),
  migrations: [{ from: 1, name: 'size → units', up: ({ size, ...rest }) => ({ ...rest, units: size }) }],
  inputs: [{ name: 'x', contract: { role: 'tensor', shape: ['B', 'F'] } }],
  outputs: [{ name: 'y', contract: { role: 'tensor', shape: ['B', 'U'] } }],
  infer: ({ params, bindings }) => ({ outputs: { y: { role: 'tensor', shape: [bindings.get('B') ?? 'B', params.units] } } }),
  build(ctx) {
    const x = ctx.inputs.x as { shape: (number | string)[] };
    const f = x.shape[1] as number;
    const w = ctx.weight('w', [f, ctx.params.units], init.torchDefault(f));
    const b = ctx.weight('b', [ctx.params.units], init.zeros);
    return { forward: (inputs) => ({ y: tf.add(tf.matMul(inputs.tensor('x'), w), b) }) };
  },
});

export const tinyNoise = defineNode({
  type: 'tiny.noise',
  version: 1,
  category: 'data',
  title: 'Noise',
  description: 'Gaussian noise',
  params: z.object({ dims: z.number().int().positive().default(4) }),
  inputs: [],
  outputs: [{ name: 'z', contract: { role: 'latent', shape: ['B', 'D'] } }],
  infer: ({ params }) => ({ outputs: { z: { role: 'latent', shape: ['B', params.dims] } } }),
  build: () => ({
    forward: (_inputs, ctx) => {
      const d = 4;
      return { z: tf.randomNormal([ctx.batchSize, d], 0, 1, 'float32', ctx.rng.seed()) };
    },
  }),
});

export const tinyImage = defineNode({
  type: 'tiny.image',
  version: 1,
  category: 'data',
  title: 'Images',
  description: 'Fixed 2x2 images',
  params: z.object({}),
  inputs: [],
  outputs: [{ name: 'image', contract: { role: 'image', shape: ['B', 2, 2, 1], range: [-1, 1] } }],
  build: () => ({
    forward: (_i, ctx) => ({ image: tf.mul(tf.ones([ctx.batchSize, 2, 2, 1]), 0.5) }),
  }),
});

export const tinyMse = defineNode({
  type: 'tiny.mse',
  version: 1,
  category: 'loss',
  title: 'MSE to zero',
  description: 'mean(x²)',
  params: z.object({}),
  inputs: [{ name: 'x', contract: { role: 'tensor' } }],
  outputs: [{ name: 'loss', contract: { role: 'loss', shape: [] } }],
  build: () => ({ forward: (inputs) => ({ loss: tf.mean(tf.square(inputs.tensor('x'))) }) }),
});

export const tinySgd = defineNode({
  type: 'tiny.sgd',
  version: 1,
  category: 'optimizer',
  title: 'SGD',
  description: 'plain SGD with a step counter as state',
  params: z.object({ lr: z.number().positive().default(0.1) }),
  inputs: [
    { name: 'loss', contract: { role: 'loss', shape: [] } },
    { name: 'params', contract: { role: 'network' }, multi: true },
  ],
  outputs: [{ name: 'phase', contract: { role: 'phase' } }],
  build(ctx) {
    let count = 0;
    return {
      optimizer: {
        apply(vars, grads) {
          count++;
          tf.tidy(() => vars.forEach((v, i) => v.assign(tf.sub(v, tf.mul(grads[i]!, ctx.params.lr)))));
        },
        getState: () => ({ json: { count } }),
        setState: (s) => {
          count = (s.json as { count: number }).count;
        },
        dispose: () => undefined,
      },
    };
  },
});

export const tinyPlugin: { nodes: NodeDefinition<any>[] } = {
  nodes: [tinyLinear, tinyNoise, tinyImage, tinyMse, tinySgd],
};
