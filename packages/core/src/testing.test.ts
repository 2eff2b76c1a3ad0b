import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ones } from './initializers.js';
import { defineNode } from './node-definition.js';
import { buildTestNode, checkPluginPackage } from './testing.js';

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

describe('checkPluginPackage', () => {
  const pkgJson = { name: 'ganvas-nodes-demo', ganvas: { apiVersion: 1, namespace: 'demo', entry: 'dist/index.js' } };
  const node = (type: string, params: z.ZodObject) =>
    defineNode({
      type,
      version: 1,
      category: 'layer',
      title: type,
      description: 'A demo node.',
      params,
      inputs: [],
      outputs: [{ name: 'y', contract: { role: 'tensor' } }],
      build: () => ({ forward: () => ({}) }),
    });
  const good = node('demo.good', z.object({ k: z.number().default(1).describe('A count.'), path: z.string().describe('A file.') }));

  it('passes a well-formed package and lists the params a document must set', () => {
    expect(checkPluginPackage(pkgJson, { nodes: [good] })).toEqual({ problems: [], required: ['demo.good.path'] });
  });

  it('names the node and field of every problem', () => {
    const undocumented = node('demo.quiet', z.object({ k: z.number().default(1) }));
    const outside = node('other.thing', z.object({}));
    const { problems } = checkPluginPackage(pkgJson, { nodes: [good, undocumented, outside, good] });
    expect(problems).toEqual([
      'ganvas-nodes-demo: node type "other.thing" is outside the package\'s namespace "demo"',
      'node type "demo.good" is defined twice: by ganvas-nodes-demo and by ganvas-nodes-demo',
      expect.stringMatching(/^demo\.quiet\.k: no description/),
    ]);
  });

  it('reports a bad manifest or a module without a nodes array instead of throwing', () => {
    expect(checkPluginPackage({ name: 'x', ganvas: { apiVersion: 2, namespace: 'demo', entry: 'i.js' } }, { nodes: [] }).problems[0]).toMatch(
      /^x: package.json "ganvas" manifest is invalid at ganvas.apiVersion/,
    );
    expect(checkPluginPackage(pkgJson, {}).problems).toEqual(['ganvas-nodes-demo: entry "dist/index.js" does not export a "nodes" array']);
  });
});
