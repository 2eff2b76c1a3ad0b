import { z } from 'zod';

/** 'same' and 'valid' as in TensorFlow, or a number p: p zeros on every side (PyTorch's `padding=p`). */
export const zPadding = z.union([z.enum(['same', 'valid']), z.number().int().nonnegative()]);
export type Padding = z.infer<typeof zPadding>;

/** Output length of a convolution along one axis; 0 or less means the input is too small. */
export function convOutSize(n: number, k: number, s: number, padding: Padding): number {
  if (padding === 'same') return Math.ceil(n / s);
  const p = padding === 'valid' ? 0 : padding;
  return Math.floor((n + 2 * p - k) / s) + 1;
}

/**
 * Output length of a transposed convolution along one axis. A number p follows PyTorch's
 * ConvTranspose2d: (n−1)·s − 2p + k + outputPadding; 'valid' is p = 0; 'same' is n·s.
 */
export function convTransposeOutSize(n: number, k: number, s: number, padding: Padding, outputPadding: number): number {
  if (padding === 'same') return n * s;
  const p = padding === 'valid' ? 0 : padding;
  return (n - 1) * s - 2 * p + k + outputPadding;
}
