import { z } from 'zod';

/** The optional `batch` param every source shares: overrides the run's batch size. */
export const batchParam = z
  .number()
  .int()
  .positive()
  .optional()
  .describe("Batch size of this source; unset: the run's batch size.");

/** Row-major one-hot rows for class indices (indices outside [0, classes) give a zero row). */
export function oneHotRows(indices: Int32Array, classes: number): Float32Array {
  const out = new Float32Array(indices.length * classes);
  indices.forEach((c, row) => {
    if (c >= 0 && c < classes) out[row * classes + c] = 1;
  });
  return out;
}
