import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, formatShape, isSymbol, sizeOf } from '@ganvas/core';
import type { Dim, InferResult, Shape } from '@ganvas/core';
import { derivedSymbol, single } from './common.js';

export const zReshapeParams = z.object({
  targetShape: z
    .array(z.number().int().refine((d) => d > 0 || d === -1, 'dims are positive or -1'))
    .min(1)
    .refine((s) => s.filter((d) => d === -1).length <= 1, '-1 may appear at most once')
    .describe('Shape of one example, without the batch dim, e.g. [7, 7, 256]; one dim may be -1 (inferred).'),
});
export type ReshapeParams = z.infer<typeof zReshapeParams>;

/** Output shape for input `shape` ([B, ...]); an error message when the sizes cannot match. */
export function reshapeInfer(shape: Shape, target: number[], nodeId: string): { shape: Shape } | { error: string } {
  const rest = shape.slice(1);
  const count = sizeOf(rest);
  const known = target.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const wanted = `[B, ${target.join(', ')}]`;
  const out: Dim[] = [shape[0]!, ...target];
  const hole = target.indexOf(-1);
  if (count === undefined) {
    // Symbolic input: the element count is unknown until the symbols are bound.
    if (hole >= 0) out[hole + 1] = derivedSymbol(rest.find(isSymbol) ?? 'N', nodeId);
    return { shape: out };
  }
  if (hole >= 0) {
    if (count % known !== 0) {
      return { error: `cannot reshape ${formatShape(shape)} (${count} values per example) to ${wanted}: ${count} is not a multiple of ${known}` };
    }
    out[hole + 1] = count / known;
  } else if (count !== known) {
    return { error: `cannot reshape ${formatShape(shape)} (${count} values per example) to ${wanted} (${known} values)` };
  }
  return { shape: out };
}

export const reshape = defineNode({
  type: 'layers.reshape',
  version: 1,
  category: 'layer',
  title: 'Reshape',
  description: 'Reshape each example, keeping the batch dim: [B, 12544] → [B, 7, 7, 256].',
  params: zReshapeParams,
  inputs: [{ name: 'x', contract: { role: 'tensor' }, description: 'Any tensor with a leading batch dim.' }],
  outputs: [{ name: 'y', contract: { role: 'tensor' }, description: '[B, ...targetShape].' }],
  infer(ctx): InferResult {
    const x = single(ctx.inputs, 'x');
    const role = x?.role ?? 'tensor';
    if (!x?.shape) return { outputs: { y: { role, shape: ['B', ...ctx.params.targetShape.map((d) => (d === -1 ? derivedSymbol('N', ctx.nodeId) : d))] } } };
    if (x.shape.length < 1) return { errors: [{ port: 'x', message: 'expected a tensor with a batch dim, got a scalar' }] };
    const r = reshapeInfer(x.shape, ctx.params.targetShape, ctx.nodeId);
    if ('error' in r) return { errors: [{ port: 'x', message: r.error }] };
    return { outputs: { y: { role, dtype: x.dtype ?? 'float32', shape: r.shape } } };
  },
  build(ctx) {
    const target = ctx.params.targetShape;
    return {
      forward(inputs) {
        const x = inputs.tensor('x');
        const r = reshapeInfer(x.shape, target, 'run');
        if ('error' in r) throw new Error(`layers.reshape (${ctx.nodeId}): ${r.error}`);
        return { y: tf.reshape(x, [x.shape[0]!, ...target]) };
      },
    };
  },
});
