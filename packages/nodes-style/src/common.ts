import type * as tf from '@tensorflow/tfjs-core';
import type { PortSpec } from '@ganvas/core';

export const LOSS_OUTPUT: PortSpec = { name: 'loss', contract: { role: 'loss', shape: [] }, description: 'Scalar loss.' };

/** Throws a message naming both shapes when they differ. */
export function sameShape(what: string, a: tf.Tensor, b: tf.Tensor): void {
  if (a.shape.join() !== b.shape.join()) {
    throw new Error(`${what}: the generated features are [${a.shape.join(', ')}] but the target is [${b.shape.join(', ')}]; they must come from the same layer and image size`);
  }
}
