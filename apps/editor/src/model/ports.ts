import { formatShape, type Contract, type Role } from '@ganvas/core';

/**
 * How a port looks, by role: colour for the kind of value, shape for the kind of thing —
 * round for tensors, square for networks, diamond for losses and training phases — so a
 * network handle never looks like an image handle even to a colour-blind viewer.
 */
export type HandleShape = 'circle' | 'square' | 'diamond';

const COLOURS: Record<Role, string> = {
  tensor: '#8a8f98',
  image: '#2f9e44',
  latent: '#7048e8',
  label: '#e8590c',
  onehot: '#e8590c',
  logits: '#1c7ed6',
  score: '#1c7ed6',
  features: '#0ca678',
  loss: '#e03131',
  network: '#f08c00',
  phase: '#c2255c',
};

export function roleColour(role: Role): string {
  return COLOURS[role] ?? '#8a8f98';
}

export function roleShape(role: Role): HandleShape {
  if (role === 'network') return 'square';
  if (role === 'loss' || role === 'phase') return 'diamond';
  return 'circle';
}

/** `image [B, 28, 28, 1] in [-1, 1]` */
export function describeContract(c: Contract | undefined): string {
  if (!c) return 'not connected';
  const parts: string[] = [c.role];
  if (c.shape) parts.push(formatShape(c.shape));
  if (c.dtype && c.dtype !== 'float32') parts.push(c.dtype);
  if (c.range) parts.push(`in [${c.range.join(', ')}]`);
  return parts.join(' ');
}

/** What an edge's label shows: the inferred shape, or the role for non-tensor values. */
export function edgeLabel(c: Contract | undefined): string | undefined {
  if (!c) return undefined;
  if (c.role === 'network' || c.role === 'phase') return c.role;
  return c.shape ? formatShape(c.shape) : c.role;
}

export const ROLES = Object.keys(COLOURS) as Role[];
