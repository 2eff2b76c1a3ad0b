import type { Contract, InferContext, InferResult, Range } from '@ganvas/core';
import { single } from './common.js';

/**
 * Shared `infer` of element-wise activations: the output keeps the input's role, dtype and
 * shape (a tanh after a generator's last conv is still an image) and gets the activation's range.
 */
export function activationInfer(range: Range | undefined) {
  return (ctx: InferContext<unknown>): InferResult => {
    const x = single(ctx.inputs, 'x');
    const y: Contract = { role: x?.role ?? 'tensor' };
    if (x?.dtype) y.dtype = x.dtype;
    if (x?.shape) y.shape = x.shape;
    // A new range replaces the input's; an activation without one leaves the range unknown.
    if (range) y.range = range;
    return { outputs: { y } };
  };
}

export const activationPorts = {
  inputs: [{ name: 'x', contract: { role: 'tensor' } satisfies Contract, description: 'Any tensor.' }],
  outputs: [{ name: 'y', contract: { role: 'tensor' } satisfies Contract, description: 'Same shape and role as x.' }],
};
