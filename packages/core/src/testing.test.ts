import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ones } from './initializers.js';
import { defineNode } from './node-definition.js';
import { buildTestNode } from './testing.js';

// A node with one weight of each kind a plug-in can create.
const kinds = defineNode({
  type: 'test.kinds',
  version: 1,
  category: 'layer',
  title: 'Weight kinds',
  description: 'One weight of each kind a node can create.',
  params: z.object({}),
  inputs: [{ name: 'x', contract: { role: 'tensor' } }],
  outputs: [{ name: 'y', contract: { role: 'tensor' } }],
  build(ctx) {
    const w = ctx.weight('w', [2], ones);
    ctx.weight('stat', [2], ones, { trainable: false });
    ctx.weight('pretrained', [2], ones, { frozen: true });
    ctx.weight('pretrainedAskedTrainable', [2], ones, { frozen: true, trainable: true });
    return { forward: (inputs) => ({ y: tf.mul(inputs.tensor('x'), w) }) };
  },
});

describe('buildTestNode', () => {
  it('treats weights as a graph does: frozen ones are not trainable even when asked to be', async () => {
    const node = await buildTestNode(kinds);
    expect([...node.weights.keys()]).toEqual(['w', 'stat', 'pretrained', 'pretrainedAskedTrainable']);
    expect(node.trainable.map((v) => v.name)).toEqual([node.weights.get('w')!.name]);
    expect(node.weights.get('pretrainedAskedTrainable')!.trainable).toBe(false);
    node.dispose();
  });
});
