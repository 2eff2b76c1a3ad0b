import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, dimsCompatible, formatShape, isSymbol } from '@ganvas/core';
import type { Contract, Dim, InferResult, Role } from '@ganvas/core';
import { derivedSymbol } from './common.js';

export const zConcatParams = z.object({
  axis: z.number().int().default(-1).describe('Axis to join along; negative counts from the end (-1: channels).'),
});
export type ConcatParams = z.infer<typeof zConcatParams>;

function normaliseAxis(axis: number, rank: number): number | undefined {
  const a = axis < 0 ? rank + axis : axis;
  return a >= 0 && a < rank ? a : undefined;
}

export function concatInfer(inputs: Contract[], axisParam: number, nodeId: string): InferResult {
  if (inputs.length === 0) return { errors: [{ port: 'x', message: 'connect at least one tensor' }] };
  const shapes = inputs.map((c) => c.shape);
  const roles = new Set<Role>(inputs.map((c) => c.role));
  const role: Role = roles.size === 1 ? inputs[0]!.role : 'tensor';
  if (shapes.some((s) => s === undefined)) return { outputs: { y: { role } } };
  const first = shapes[0]!;
  const axis = normaliseAxis(axisParam, first.length);
  if (axis === undefined) {
    return { errors: [{ port: 'x', message: `axis ${axisParam} is out of range for ${formatShape(first)}` }] };
  }
  let joined: Dim = 0;
  for (const [i, s] of shapes.entries()) {
    const shape = s!;
    if (shape.length !== first.length) {
      return {
        errors: [{ port: 'x', message: `input ${i} is ${formatShape(shape)} but input 0 is ${formatShape(first)}: ranks differ` }],
      };
    }
    for (let d = 0; d < shape.length; d++) {
      if (d !== axis && !dimsCompatible(shape[d]!, first[d]!)) {
        return {
          errors: [
            {
              port: 'x',
              message:
                `input ${i} is ${formatShape(shape)} but input 0 is ${formatShape(first)}: ` +
                `dim ${d} differs (${shape[d]} vs ${first[d]}); only dim ${axis} may differ`,
            },
          ],
        };
      }
    }
    const a = shape[axis]!;
    joined = isSymbol(a) || isSymbol(joined) ? derivedSymbol('C', nodeId) : joined + a;
  }
  // Prefer concrete dims where some input knows them.
  const shape = first.map((d, k) => (k === axis ? joined : (shapes.map((s) => s![k]!).find((x) => !isSymbol(x)) ?? d)));
  return { outputs: { y: { role, dtype: 'float32', shape } } };
}

export const concat = defineNode({
  type: 'layers.concat',
  version: 1,
  category: 'layer',
  title: 'Concat',
  description: 'Join tensors along one axis (default: channels); every other dim must agree.',
  params: zConcatParams,
  inputs: [{ name: 'x', contract: { role: 'tensor' }, multi: true, description: 'Tensors to join, in edge order.' }],
  outputs: [{ name: 'y', contract: { role: 'tensor' }, description: 'The joined tensor.' }],
  infer(ctx) {
    const x = ctx.inputs.x;
    const list = x === undefined ? [] : Array.isArray(x) ? x : [x];
    return concatInfer(list, ctx.params.axis, ctx.nodeId);
  },
  build(ctx) {
    const axis = ctx.params.axis;
    return {
      forward(inputs) {
        const xs = inputs.tensors('x');
        if (xs.length === 1) return { y: tf.clone(xs[0]!) };
        return { y: tf.concat(xs, axis) };
      },
    };
  },
});
