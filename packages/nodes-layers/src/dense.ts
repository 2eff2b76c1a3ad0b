import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, formatShape } from '@ganvas/core';
import type { Shape } from '@ganvas/core';
import { biasInitializer, concreteDim, kernelInitializer, single, zInitKind, zInitStd, zUseBias, biasLint } from './common.js';
import { plainKernel, spectralNormDocs, spectralNormKernel, zSpectralNormFields } from './spectral-norm.js';

export const zDenseParams = z.object({
  units: z.number().int().positive().describe('Number of output features.'),
  useBias: zUseBias,
  init: zInitKind,
  initStd: zInitStd,
  ...zSpectralNormFields,
});
export type DenseParams = z.infer<typeof zDenseParams>;

const TYPE = 'layers.dense';

function rankMessage(shape: Shape | readonly number[]): string {
  return (
    `expected [B, F] (rank 2), got ${formatShape([...shape])} (rank ${shape.length}); ` +
    'insert a layers.flatten before this dense layer'
  );
}

export const dense = defineNode({
  type: TYPE,
  version: 1,
  category: 'layer',
  title: 'Dense',
  description: 'Fully connected layer: y = x·W + b, for [B, F] inputs.',
  params: zDenseParams,
  lint: biasLint,
  docs: `Weights are [F, units] (PyTorch's Linear weight transposed). ${spectralNormDocs}`,
  inputs: [{ name: 'x', contract: { role: 'tensor', shape: ['B', 'F'] }, description: 'Features [B, F].' }],
  outputs: [{ name: 'y', contract: { role: 'tensor', shape: ['B', 'U'] }, description: 'Features [B, units].' }],
  infer(ctx) {
    const x = single(ctx.inputs, 'x');
    if (x?.shape && x.shape.length !== 2) return { errors: [{ port: 'x', message: rankMessage(x.shape) }] };
    const batch = x?.shape?.[0] ?? ctx.bindings.get('B') ?? 'B';
    return { outputs: { y: { role: 'tensor', dtype: 'float32', shape: [batch, ctx.params.units] } } };
  },
  build(ctx) {
    const p = ctx.params;
    const x = single(ctx.inputs, 'x');
    if (x?.shape && x.shape.length !== 2) throw new Error(`${TYPE}: ${rankMessage(x.shape)}`);
    const fanIn = concreteDim(TYPE, 'x', x?.shape, -1, 'the feature count F');
    const kernel = ctx.weight('kernel', [fanIn, p.units], kernelInitializer(p.init, p.initStd, fanIn, p.units));
    const bias = p.useBias ? ctx.weight('bias', [p.units], biasInitializer(p.init, fanIn)) : undefined;
    // PyTorch's Linear weight is [units, F]: its dim 0, the output features, is our axis 1.
    const kernelFor = p.spectralNorm ? spectralNormKernel(ctx, kernel, 1, p.powerIterations) : plainKernel(kernel);
    return {
      forward(inputs, fctx) {
        const input = inputs.tensor('x');
        if (input.rank !== 2) throw new Error(`${TYPE}: ${rankMessage(input.shape)}`);
        const out = tf.matMul(input as tf.Tensor2D, kernelFor(fctx) as tf.Tensor2D);
        return { y: bias ? tf.add(out, bias) : out };
      },
    };
  },
});
