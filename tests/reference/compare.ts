/** Error measures for comparing ganvas results with the PyTorch references. */

/** |actual − expected| / |expected|. */
export function relError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

/**
 * max_i |a_i − e_i| / max_i |e_i|: relative to the array's scale, since elementwise relative
 * error is meaningless for entries near zero.
 */
export function maxRelError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) {
    throw new Error(`cannot compare arrays of ${actual.length} and ${expected.length} values`);
  }
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  if (scale === 0) throw new Error('reference array is all zeros; a relative error is undefined');
  return diff / scale;
}
