import { dimsCompatible, formatShape } from '@ganvas/core';
import type { Contract, PortSpec } from '@ganvas/core';

/** Every loss node gives a scalar on its `loss` port. */
export const LOSS_CONTRACT: Contract = { role: 'loss', shape: [] };
export const lossOutput: PortSpec = { name: 'loss', contract: LOSS_CONTRACT, description: 'Scalar loss (shape []).' };

/** The single contract of a non-multi input, if connected. */
export function single(c: Contract | Contract[] | undefined): Contract | undefined {
  return Array.isArray(c) ? c[0] : c;
}

/** Message when two connected inputs differ in shape (all dims, batch included), else undefined. */
export function sameShape(aPort: string, a: Contract | undefined, bPort: string, b: Contract | undefined): string | undefined {
  const sa = a?.shape;
  const sb = b?.shape;
  if (sa === undefined || sb === undefined) return undefined;
  const ok = sa.length === sb.length && sa.every((d, i) => dimsCompatible(d, sb[i]!));
  return ok ? undefined : `"${aPort}" is ${formatShape(sa)} but "${bPort}" is ${formatShape(sb)}; they must have the same shape`;
}

/** Throws at run time when two tensors differ in shape, naming node and ports. */
export function assertSameShape(nodeId: string, aPort: string, a: { shape: number[] }, bPort: string, b: { shape: number[] }): void {
  if (a.shape.join() !== b.shape.join()) {
    throw new Error(`node ${nodeId}: "${aPort}" is [${a.shape.join(', ')}] but "${bPort}" is [${b.shape.join(', ')}]; they must have the same shape`);
  }
}
