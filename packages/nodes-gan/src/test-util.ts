// Test helpers (excluded from the build): the declared cpu backend, seeded data, a tiny critic.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Rng } from '@ganvas/core';
import type { Contract, Network, NetworkSignature } from '@ganvas/core';

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

export function normals(shape: number[], seed: number, std = 1): tf.Tensor {
  return tf.tensor(new Rng(seed).normals(shape.reduce((a, b) => a * b, 1), 0, std), shape);
}

let critics = 0;

/**
 * A smooth two-layer critic f(x[, c]) = softplus([flatten(x), c]·W1)·w2 built from raw ops (the
 * GAN package does not depend on the layers package); softplus has exact second-order
 * gradients in tfjs.
 */
export function tinyCritic(
  inputShape: number[],
  options: { hidden?: number; condition?: number; outputs?: string[] } = {},
): Network & { dispose(): void } {
  const features = inputShape.reduce((a, b) => a * b, 1) + (options.condition ?? 0);
  const hidden = options.hidden ?? 5;
  const id = ++critics;
  const w1 = tf.variable(normals([features, hidden], 100 + id, 0.5), true, `tiny${id}/w1`);
  const w2 = tf.variable(normals([hidden, 1], 200 + id, 0.5), true, `tiny${id}/w2`);
  const img: Contract = { role: 'image', shape: ['B', ...inputShape] };
  const inputs: NetworkSignature['inputs'] = [{ name: 'x', contract: img }];
  if (options.condition) inputs.push({ name: 'c', contract: { role: 'onehot', shape: ['B', options.condition] } });
  const outputs = (options.outputs ?? ['score']).map((name) => ({ name, contract: { role: 'score' as const, shape: ['B', 1] } }));
  return {
    kind: 'network',
    name: `tiny${id}`,
    signature: { inputs, outputs },
    apply(args) {
      const x = args['x']!;
      let flat = tf.reshape(x, [x.shape[0]!, -1]);
      if (options.condition) flat = tf.concat([flat, args['c']!], 1);
      const score = tf.matMul(tf.softplus(tf.matMul(flat as tf.Tensor2D, w1)), w2);
      return Object.fromEntries(outputs.map((o, i) => [o.name, i === 0 ? score : tf.neg(score)]));
    },
    trainableVariables: () => [w1, w2],
    variables: () => [w1, w2],
    dispose: () => tf.dispose([w1, w2]),
  };
}
