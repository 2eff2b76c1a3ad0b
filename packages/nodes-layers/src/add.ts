import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, formatShape, unifyShape } from '@ganvas/core';
import type { Contract } from '@ganvas/core';

export const zAddParams = z.object({});

/**
 * Element-wise sum of several tensors of one shape: the skip connection of a residual block
 * (y = x + F(x)). Shapes must agree exactly; no broadcasting, so a miswired block is refused
 * instead of silently broadcast.
 */
export const add = defineNode({
  type: 'layers.add',
  version: 1,
  category: 'layer',
  title: 'Add',
  description: 'Element-wise sum of the connected tensors (residual connections); all must have one shape.',
  params: zAddParams,
  inputs: [{ name: 'x', contract: { role: 'tensor' }, multi: true, description: 'Tensors to add, of one shape.' }],
  outputs: [{ name: 'y', contract: { role: 'tensor' }, description: 'Their sum, same shape.' }],
  infer(ctx) {
    const x = ctx.inputs.x;
    const list: Contract[] = x === undefined ? [] : Array.isArray(x) ? x : [x];
    if (list.length === 0) return { errors: [{ port: 'x', message: 'connect at least one tensor' }] };
    const first = list[0]!;
    for (const [i, c] of list.entries()) {
      if (i === 0 || c.shape === undefined || first.shape === undefined) continue;
      const problem = unifyShape(c.shape, first.shape, new Map());
      if (problem !== undefined) {
        return {
          errors: [{ port: 'x', message: `input ${i} is ${formatShape(c.shape)} but input 0 is ${formatShape(first.shape)} (${problem}); added tensors must have one shape` }],
        };
      }
    }
    const roles = new Set(list.map((c) => c.role));
    const shape = list.find((c) => c.shape !== undefined)?.shape;
    return { outputs: { y: { role: roles.size === 1 ? first.role : 'tensor', dtype: 'float32', ...(shape ? { shape } : {}) } } };
  },
  build(ctx) {
    return {
      forward(inputs) {
        const xs = inputs.tensors('x');
        for (const [i, t] of xs.entries()) {
          if (t.shape.join() !== xs[0]!.shape.join()) {
            throw new Error(`layers.add ${ctx.nodeId}: input ${i} is [${t.shape.join(', ')}] but input 0 is [${xs[0]!.shape.join(', ')}]`);
          }
        }
        return { y: xs.length === 1 ? tf.clone(xs[0]!) : tf.addN(xs) };
      },
    };
  },
});
