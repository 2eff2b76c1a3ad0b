import './tf-setup.js';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, type NodeDefinition } from './node-definition.js';
import * as init from './initializers.js';
import type { Registry } from './registry.js';

/**
 * Stand-in nodes for tests: the smallest source, layer, loss and optimizer that let a test
 * train the node under test through the real compiler and Trainer (snapshots, restores,
 * schedules) without depending on ganvas' data, loss and optimizer packages. The engine's own
 * tests and the node packages' tests use them; plug-in authors can too. Register them with
 * `registerStandIns(registry)`; their types live in the `standin` namespace.
 */

/** y = xW + b. Version 2 renamed the width from `size` to `units`; the migration shows how. */
const linear = defineNode({
  type: 'standin.linear',
  version: 2,
  category: 'layer',
  title: 'Linear',
  description: 'y = xW + b (stand-in layer for tests)',
  params: z.object({ units: z.number().int().positive().describe('output width') }),
  migrations: [{ from: 1, name: 'size → units', up: ({ size, ...rest }) => ({ ...rest, units: size }) }],
  inputs: [{ name: 'x', contract: { role: 'tensor', shape: ['B', 'F'] } }],
  outputs: [{ name: 'y', contract: { role: 'tensor', shape: ['B', 'U'] } }],
  infer: ({ params, bindings }) => ({ outputs: { y: { role: 'tensor', shape: [bindings.get('B') ?? 'B', params.units] } } }),
  build(ctx) {
    const f = (ctx.inputs.x as { shape: (number | string)[] }).shape[1] as number;
    const w = ctx.weight('w', [f, ctx.params.units], init.torchDefault(f));
    const b = ctx.weight('b', [ctx.params.units], init.zeros);
    return { forward: (inputs) => ({ y: tf.add(tf.matMul(inputs.tensor('x'), w), b) }) };
  },
});

/** N(0, 1) rows, fresh every update, drawn from the run's seeded stream. */
const noise = defineNode({
  type: 'standin.noise',
  version: 1,
  category: 'data',
  title: 'Noise',
  description: 'N(0, 1) rows of `dims` values (stand-in source for tests)',
  params: z.object({ dims: z.number().int().positive().default(4).describe('values per row') }),
  inputs: [],
  outputs: [{ name: 'z', contract: { role: 'latent', shape: ['B', 'D'] } }],
  infer: ({ params }) => ({ outputs: { z: { role: 'latent', dtype: 'float32', shape: ['B', params.dims] } } }),
  build: (ctx) => ({
    forward: (_inputs, fctx) => ({ z: tf.randomNormal([fctx.batchSize, ctx.params.dims], 0, 1, 'float32', fctx.rng.seed()) }),
  }),
});

/** A constant batch of 2×2 grey images in [−1, 1]. */
const image = defineNode({
  type: 'standin.image',
  version: 1,
  category: 'data',
  title: 'Images',
  description: 'a batch of 2×2 single-channel images, all 0.5 (stand-in image source for tests)',
  params: z.object({}),
  inputs: [],
  outputs: [{ name: 'image', contract: { role: 'image', shape: ['B', 2, 2, 1], range: [-1, 1] } }],
  build: () => ({ forward: (_inputs, ctx) => ({ image: tf.fill([ctx.batchSize, 2, 2, 1], 0.5) }) }),
});

/** mean((x − target)²). */
const meanSquare = defineNode({
  type: 'standin.meanSquare',
  version: 1,
  category: 'loss',
  title: 'Mean square',
  description: 'mean((x − target)²) (stand-in loss for tests)',
  params: z.object({ target: z.number().default(0).describe('the value every element is pulled towards') }),
  inputs: [{ name: 'x', contract: { role: 'tensor' } }],
  outputs: [{ name: 'loss', contract: { role: 'loss', shape: [] } }],
  build: (ctx) => ({ forward: (inputs) => ({ loss: tf.mean(tf.square(tf.sub(inputs.tensor('x'), ctx.params.target))) }) }),
});

/** w ← w − lr·g, counting its updates as checkpointed state. */
const sgd = defineNode({
  type: 'standin.sgd',
  version: 1,
  category: 'optimizer',
  title: 'SGD',
  description: 'w ← w − lr·g with an update counter as its state (stand-in optimizer for tests)',
  params: z.object({ lr: z.number().positive().default(0.1).describe('learning rate') }),
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

/** The stand-in definitions, by role. */
export const standIns = { linear, noise, image, meanSquare, sgd };

/** Registers the stand-ins (namespace `standin`, package `ganvas-stand-ins`) and returns the registry. */
export function registerStandIns(registry: Registry): Registry {
  const nodes: NodeDefinition<any>[] = Object.values(standIns);
  const report = registry.registerPlugin('ganvas-stand-ins', { apiVersion: 1, namespace: 'standin', entry: 'stand-ins' }, { nodes });
  if (report.errors.length) throw new Error(`stand-in nodes failed to register: ${report.errors.join('; ')}`);
  return registry;
}
