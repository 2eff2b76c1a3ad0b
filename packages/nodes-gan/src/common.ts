import { dimsCompatible, formatShape } from '@ganvas/core';
import type { Contract, PortSpec } from '@ganvas/core';

/** Every loss node gives a scalar on its `loss` port. */
export const LOSS_CONTRACT: Contract = { role: 'loss', shape: [] };

export const lossOutput: PortSpec = { name: 'loss', contract: LOSS_CONTRACT, description: 'Scalar loss (shape []).' };

/** The single contract of a non-multi input, if connected. */
export function single(c: Contract | Contract[] | undefined): Contract | undefined {
  return Array.isArray(c) ? c[0] : c;
}

/**
 * Two inputs that must agree in every dim but the batch (real and fake batches may differ in
 * size). Returns a message naming both ports and shapes, or undefined.
 */
export function sameButBatch(aPort: string, a: Contract | undefined, bPort: string, b: Contract | undefined): string | undefined {
  const sa = a?.shape;
  const sb = b?.shape;
  if (sa === undefined || sb === undefined) return undefined;
  const ok = sa.length === sb.length && sa.every((d, i) => i === 0 || dimsCompatible(d, sb[i]!));
  return ok
    ? undefined
    : `"${aPort}" and "${bPort}" must have the same shape apart from the batch dim, but "${aPort}" is ${formatShape(sa)} and "${bPort}" is ${formatShape(sb)}`;
}
