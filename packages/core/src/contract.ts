import { z } from 'zod';

/**
 * A tensor contract: what a port promises about the values that flow through it.
 * Shapes use symbolic dims (`"B"` for the batch, `"H"`, `"W"`, `"C"`, …) that shape
 * inference binds per node, so a wrong connection is found before any tensor exists.
 */

/** What a value means. `tensor` is the generic role that accepts any tensor-valued role. */
export const zRole = z.enum([
  'tensor',
  'image',
  'latent',
  'label',
  'onehot',
  'logits',
  'score',
  'features',
  'loss',
  'network',
  'phase',
]);
export type Role = z.infer<typeof zRole>;

/** Roles whose values are not tensors; they never unify with tensor roles. */
export const NON_TENSOR_ROLES: ReadonlySet<Role> = new Set<Role>(['network', 'phase']);

export const zDim = z.union([z.number().int().positive(), z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/)]);
/** A dimension: a positive integer, or a symbol such as `"B"`. */
export type Dim = z.infer<typeof zDim>;
export const zShape = z.array(zDim);
export type Shape = z.infer<typeof zShape>;

export const zDType = z.enum(['float32', 'int32']);
export type DType = z.infer<typeof zDType>;

/** Inclusive value range, e.g. `[-1, 1]` for tanh images or `[0, 1]` for sigmoid images. */
export const zRange = z.tuple([z.number(), z.number()]);
export type Range = z.infer<typeof zRange>;

export interface NetworkSignature {
  /** Input ports of the network, in order, with their contracts. */
  inputs: { name: string; contract: Contract }[];
  /** Output ports of the network, in order, with their contracts. */
  outputs: { name: string; contract: Contract }[];
}

export interface Contract {
  role: Role;
  dtype?: DType;
  /** Absent means "any shape". */
  shape?: Shape;
  range?: Range;
  /** For role `network`: the signature of the network this value applies. */
  network?: NetworkSignature;
}

export const zContract: z.ZodType<Contract> = z.lazy(() =>
  z.object({
    role: zRole,
    dtype: zDType.optional(),
    shape: zShape.optional(),
    range: zRange.optional(),
    network: z
      .object({
        inputs: z.array(z.object({ name: z.string(), contract: zContract })),
        outputs: z.array(z.object({ name: z.string(), contract: zContract })),
      })
      .optional(),
  }),
);

/** Render a shape for messages: `[B, 28, 28, 1]`, or `any` for an absent shape. */
export function formatShape(shape: Shape | undefined): string {
  return shape === undefined ? 'any' : `[${shape.join(', ')}]`;
}

export function isSymbol(d: Dim): d is string {
  return typeof d === 'string';
}

/** Symbol bindings made while unifying one node's inputs. */
export type Bindings = Map<string, Dim>;

/** Replace bound symbols in a shape by what they were bound to. */
export function substitute(shape: Shape, bindings: Bindings): Shape {
  return shape.map((d) => (isSymbol(d) ? (bindings.get(d) ?? d) : d));
}

/**
 * Unify an actual shape (from upstream) with a declared shape (of a port), binding the
 * declared symbols. Returns a message describing the first mismatch, or undefined.
 */
export function unifyShape(actual: Shape, declared: Shape, bindings: Bindings): string | undefined {
  if (actual.length !== declared.length) {
    return `rank ${actual.length} vs rank ${declared.length}`;
  }
  for (let i = 0; i < declared.length; i++) {
    const want = declared[i]!;
    const got = actual[i]!;
    if (isSymbol(want)) {
      const bound = bindings.get(want);
      if (bound === undefined) {
        bindings.set(want, got);
      } else if (!dimsCompatible(bound, got)) {
        return `dim ${i}: ${want} is ${bound} elsewhere but ${got} here`;
      }
    } else if (!dimsCompatible(got, want)) {
      return `dim ${i}: ${got} vs ${want}`;
    }
  }
  return undefined;
}

/** Two dims are compatible when equal, or when either is a symbol (symbols are unknown sizes). */
export function dimsCompatible(a: Dim, b: Dim): boolean {
  if (isSymbol(a) || isSymbol(b)) return true;
  return a === b;
}

/** Whether a value of role `from` may flow into a port of role `to`. */
export function rolesCompatible(from: Role, to: Role): boolean {
  if (from === to) return true;
  const fromTensor = !NON_TENSOR_ROLES.has(from);
  const toTensor = !NON_TENSOR_ROLES.has(to);
  if (!fromTensor || !toTensor) return false;
  // The generic tensor role accepts and provides any tensor-valued role.
  if (to === 'tensor' || from === 'tensor') return true;
  // Score-like values are logits of a single unit; a one-hot is a label.
  const families: Role[][] = [
    ['logits', 'score'],
    ['label', 'onehot'],
    ['image', 'features'],
    ['latent', 'features'],
  ];
  return families.some((f) => f.includes(from) && f.includes(to));
}

/** The number of elements of a concrete shape, or undefined if it has symbols. */
export function sizeOf(shape: Shape): number | undefined {
  let n = 1;
  for (const d of shape) {
    if (isSymbol(d)) return undefined;
    n *= d;
  }
  return n;
}
