import * as tf from '@tensorflow/tfjs-core';
import { defineNode, formatShape } from '@ganvas/core';
import { reparameterize } from '@ganvas/nodes-layers';
import { z } from 'zod';

/**
 * `test.fixedReparameterize`: layers.reparameterize with ε given by the test instead of drawn,
 * so a reference implementation can use the same ε. Same ports and shape inference as the
 * real node, so it can replace it in a document by changing the type alone.
 */
export const FIXED_REPARAMETERIZE = 'test.fixedReparameterize';

export function fixedReparameterize(eps: () => tf.Tensor) {
  return defineNode({
    type: FIXED_REPARAMETERIZE,
    version: 1,
    category: 'layer',
    title: 'Reparameterize (fixed ε)',
    description: 'z = mu + exp(0.5·logvar)·ε with a fixed ε supplied by the test.',
    params: z.object({}),
    inputs: reparameterize.inputs,
    outputs: reparameterize.outputs,
    ...(reparameterize.infer ? { infer: reparameterize.infer } : {}),
    build() {
      return {
        forward(inputs) {
          const mu = inputs.tensor('mu');
          const logvar = inputs.tensor('logvar');
          const e = eps();
          if (e.shape.join() !== mu.shape.join()) {
            throw new Error(`${FIXED_REPARAMETERIZE}: ε is ${formatShape(e.shape)} but mu is ${formatShape(mu.shape)}`);
          }
          return { z: tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), e)) };
        },
      };
    },
  });
}
