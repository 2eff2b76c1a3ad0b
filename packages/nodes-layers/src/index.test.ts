import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, nullHost } from '@ganvas/core';
import type { BuildContext, ForwardContext, NodeDefinition, NodeInstance } from '@ganvas/core';
import { PortValueMap } from '@ganvas/core';
import { checkPluginPackage } from '@ganvas/core';
import * as entry from './index.js';
import { batchNorm, conv2d, conv2dTranspose, leakyRelu, nodes, tanh } from './index.js';
import packageJson from '../package.json' with { type: 'json' };
import { randn, useCpu } from './test-helpers.js';

beforeAll(useCpu);

/** The sizes a layer cannot guess; every other param has a default. */
const REQUIRED = ['layers.dense.units', 'layers.conv2d.filters', 'layers.conv2dTranspose.filters', 'layers.reshape.targetShape'];

describe('@ganvas/nodes-layers', () => {
  it('loads as a plug-in: ids unique and namespaced, every param documented; lists the params a graph must set', () => {
    expect(checkPluginPackage(packageJson, entry)).toEqual({ problems: [], required: REQUIRED });
  });

  it('exports its node types, namespaced, version 1, unique, with defaults for optional params', () => {
    const ids = nodes.map((n) => n.type);
    expect(ids).toEqual([
      'layers.dense',
      'layers.conv2d',
      'layers.conv2dTranspose',
      'layers.batchNorm',
      'layers.relu',
      'layers.leakyRelu',
      'layers.tanh',
      'layers.sigmoid',
      'layers.reshape',
      'layers.flatten',
      'layers.concat',
      'layers.reparameterize',
      'layers.dropout',
      'layers.maxPool2d',
      'layers.instanceNorm',
      'layers.add',
      'layers.reflectPad',
      'layers.minibatchStd',
      'layers.pack',
      'layers.multiply',
      'layers.upsample',
    ]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const n of nodes) {
      expect(n.version).toBe(1);
      expect(n.category).toBe('layer');
    }
  });
});

/**
 * Builds several nodes alive at once. (core's buildTestNode names variables `test/<name>/<i>`,
 * so two live test nodes with a `kernel` collide; this builder prefixes the node id.)
 */
function buildLive(id: string, def: NodeDefinition<any>, params: Record<string, unknown>, shape: number[], vars: tf.Variable[]) {
  const rng = new Rng(id.length);
  const ctx: BuildContext<any> = {
    nodeId: id,
    path: id,
    params: def.params.parse(params),
    inputs: { x: { role: 'tensor', shape } },
    outputs: {},
    batchSize: shape[0]!,
    rng,
    host: nullHost,
    weight(name, wshape, init, opts) {
      const v = tf.variable(tf.tensor(init(rng, wshape), wshape), opts?.trainable ?? true, `mem/${id}/${name}`);
      vars.push(v);
      return v;
    },
  };
  return def.build(ctx) as NodeInstance;
}

describe('memory', () => {
  it('repeated forward + gradient of a conv stack keeps tf.memory().numTensors flat', () => {
    const vars: tf.Variable[] = [];
    const stack = [
      buildLive('c1', conv2d, { filters: 4, kernelSize: 4, strides: 2, padding: 1 }, [2, 8, 8, 1], vars),
      buildLive('bn1', batchNorm, {}, [2, 4, 4, 4], vars),
      buildLive('a1', leakyRelu, {}, [2, 4, 4, 4], vars),
      buildLive('up', conv2dTranspose, { filters: 1, kernelSize: 4, strides: 2, padding: 1 }, [2, 4, 4, 4], vars),
      buildLive('t', tanh, {}, [2, 8, 8, 1], vars),
    ];
    const trainable = vars.filter((v) => v.trainable);
    const fctx: ForwardContext = { training: true, rng: new Rng(5), batchSize: 2, step: 0, purpose: 'train' };
    const x = randn([2, 8, 8, 1], 1);
    const step = () => {
      const { value, grads } = tf.variableGrads(() => {
        let h: tf.Tensor = x;
        for (const node of stack) h = node.forward!(new PortValueMap('n', { x: h }), fctx).y as tf.Tensor;
        return tf.mean(tf.square(h)) as tf.Scalar;
      }, trainable);
      tf.dispose([value, ...Object.values(grads)]);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(vars);
  });
});
