import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, dimsCompatible, formatShape, isSymbol } from '@ganvas/core';
import type { Contract, Dim, Shape } from '@ganvas/core';

export const zMultiplyParams = z.object({});

/**
 * The shape of the product of tensors of `shapes` (one rank), where a dim of 1 stretches to
 * the others' size; or what stops it. A symbolic dim (B) is taken to match any size but 1, as
 * everywhere in shape checks; the tensors' real shapes are checked again when it runs.
 */
export function productShape(shapes: Shape[]): { shape: Shape } | { problem: string } {
  const rank = shapes[0]!.length;
  for (const [i, s] of shapes.entries()) {
    if (s.length !== rank) return { problem: `input ${i} is ${formatShape(s)} but input 0 is ${formatShape(shapes[0]!)}: multiplied tensors must have one rank (add dims of 1 with a reshape to broadcast)` };
  }
  const out: Dim[] = [];
  for (let d = 0; d < rank; d++) {
    let dim: Dim = 1;
    let from = 0;
    for (const [i, s] of shapes.entries()) {
      const v = s[d]!;
      if (v === 1) continue;
      if (dim === 1) {
        dim = v;
        from = i;
      } else if (!dimsCompatible(v, dim)) {
        return { problem: `dim ${d}: input ${i} has ${v} where input ${from} has ${dim}; each dim must be equal or 1` };
      } else if (isSymbol(dim) && !isSymbol(v)) {
        dim = v; // a known size is more informative than a symbol it may stand for
      }
    }
    out.push(dim);
  }
  return { shape: out };
}

/**
 * Element-wise product of several tensors, broadcasting dims of 1: gates and feature-wise
 * modulation (FiLM, squeeze-and-excitation: [B, H, W, C] × [B, 1, 1, C]), and the inner product
 * term of a projection discriminator (embedded labels × features, then summed).
 */
export const multiply = defineNode({
  type: 'layers.multiply',
  version: 1,
  category: 'layer',
  title: 'Multiply',
  description: 'Element-wise product of the connected tensors; a dim of 1 broadcasts (e.g. [B, H, W, C] × [B, 1, 1, C]).',
  docs: [
    'All inputs have one rank; in each dim they agree, or some have 1 there and are repeated to the',
    'others’ size, as in NumPy. Nothing else broadcasts: a [B, C] gate on [B, H, W, C] features is',
    'reshaped to [B, 1, 1, C] first, so a miswired graph is refused rather than silently stretched.',
    'The gradient to an input that was broadcast is summed over the dims it was repeated along.',
  ].join('\n'),
  params: zMultiplyParams,
  inputs: [{ name: 'x', contract: { role: 'tensor' }, multi: true, description: 'Tensors to multiply (two or more), of one rank.' }],
  outputs: [{ name: 'y', contract: { role: 'tensor' }, description: 'Their product, in the broadcast shape.' }],
  infer(ctx) {
    const x = ctx.inputs.x;
    const list: Contract[] = x === undefined ? [] : Array.isArray(x) ? x : [x];
    if (list.length < 2) return { errors: [{ port: 'x', message: `connect at least two tensors (got ${list.length})` }] };
    const roles = new Set(list.map((c) => c.role));
    const role = roles.size === 1 ? list[0]!.role : 'tensor';
    if (list.some((c) => c.shape === undefined)) return { outputs: { y: { role, dtype: 'float32' } } };
    const r = productShape(list.map((c) => c.shape!));
    if ('problem' in r) return { errors: [{ port: 'x', message: r.problem }] };
    return { outputs: { y: { role, dtype: 'float32', shape: r.shape } } };
  },
  build(ctx) {
    return {
      forward(inputs) {
        const xs = inputs.tensors('x');
        if (xs.length < 2) throw new Error(`layers.multiply ${ctx.nodeId}: needs at least two tensors, got ${xs.length}`);
        const r = productShape(xs.map((t) => t.shape));
        if ('problem' in r) throw new Error(`layers.multiply ${ctx.nodeId}: ${r.problem}`);
        return { y: xs.slice(1).reduce<tf.Tensor>((acc, t) => tf.mul(acc, t), xs[0]!) };
      },
    };
  },
});
