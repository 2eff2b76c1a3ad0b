import { z } from 'zod';
import { init, isSymbol, formatShape } from '@ganvas/core';
import type { Contract, Dim, Initializer, Shape } from '@ganvas/core';

/** How weights start. Shared by dense, conv2d and conv2dTranspose. */
export const zInitKind = z
  .enum(['torch', 'normal', 'glorot'])
  .default('torch')
  .describe(
    "Weight initialisation: 'torch' = PyTorch's default U(±1/√fanIn) for weights and bias; " +
      "'normal' = N(0, initStd) weights and zero bias (DCGAN); 'glorot' = Glorot uniform weights and zero bias.",
  );
export type InitKind = z.infer<typeof zInitKind>;

export const zInitStd = z
  .number()
  .positive()
  .default(0.02)
  .describe("Standard deviation of the weights when init is 'normal'.");

export const zUseBias = z.boolean().default(true).describe('Add a learned bias per output unit/channel.');

/** Lint hint for layers with `useBias`: the bias is a per-channel offset (W001 when a norm follows). */
export const biasLint = { channelBias: (p: { useBias: boolean }) => (p.useBias ? 'useBias' : undefined) };

/** A kernel size or stride: one number for both spatial dims, or [height, width]. */
export const zPair = z.union([
  z.number().int().positive(),
  z.tuple([z.number().int().positive(), z.number().int().positive()]),
]);
export type Pair = z.infer<typeof zPair>;

export function pair(v: Pair): [number, number] {
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

export function kernelInitializer(kind: InitKind, std: number, fanIn: number, fanOut: number): Initializer {
  switch (kind) {
    case 'torch':
      return init.torchDefault(fanIn);
    case 'normal':
      return init.normal(0, std);
    case 'glorot':
      return init.glorotUniform(fanIn, fanOut);
  }
}

/** PyTorch draws its default bias like its weights; the other schemes start the bias at zero. */
export function biasInitializer(kind: InitKind, fanIn: number): Initializer {
  return kind === 'torch' ? init.torchDefault(fanIn) : init.zeros;
}

/** The single contract connected to `port`, or undefined (multi ports are not single). */
export function single(inputs: Record<string, Contract | Contract[] | undefined>, port: string): Contract | undefined {
  const c = inputs[port];
  return Array.isArray(c) ? c[0] : c;
}

/**
 * A dim that `build` needs as a number (to size a weight). Symbolic dims are a graph error
 * the user can fix by declaring the shape upstream, so the message says where it came from.
 */
export function concreteDim(type: string, port: string, shape: Shape | undefined, index: number, what: string): number {
  if (shape === undefined) {
    throw new Error(`${type}: input "${port}" has no known shape; ${what} must be known to create the weights`);
  }
  const axis = index < 0 ? shape.length + index : index;
  const d = shape[axis];
  if (d === undefined || isSymbol(d)) {
    throw new Error(
      `${type}: ${what} of input "${port}" (dim ${axis} of ${formatShape(shape)}) is ${d ?? 'missing'}; ` +
        'it must be a number to create the weights',
    );
  }
  return d;
}

/** A symbol for a size derived from symbol `sym` by this node, e.g. `H_conv1`. */
export function derivedSymbol(sym: string, nodeId: string): string {
  const safe = nodeId.replace(/[^A-Za-z0-9_]/g, '_');
  return `${sym}_${safe}`;
}

/** Apply `f` to a numeric dim; a symbolic dim stays itself when `identity`, else gets a derived symbol. */
export function mapDim(d: Dim, nodeId: string, identity: boolean, f: (n: number) => number): Dim {
  if (isSymbol(d)) return identity ? d : derivedSymbol(d, nodeId);
  return f(d);
}
