import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, formatShape } from '@ganvas/core';
import { mapDim, single } from './common.js';

export const zReflectPadParams = z.object({
  padding: z.number().int().positive().default(1).describe('Pixels added on every side (PyTorch ReflectionPad2d(p)); less than H and W.'),
});
export type ReflectPadParams = z.infer<typeof zReflectPadParams>;

const TYPE = 'layers.reflectPad';

/**
 * Mirror `p` rows (axis 1) or columns (axis 2) onto both ends, built from slice, reverse and
 * concat. Not tf.mirrorPad: its registered gradient (tfjs 4.22) only slices out the interior
 * and drops what the mirrored border contributes, so gradients came out wrong (measured: max
 * relative error 1.7 against finite differences). These ops' gradients are exact.
 */
function reflectAxis(x: tf.Tensor, axis: 1 | 2, p: number): tf.Tensor {
  const n = x.shape[axis]!;
  const take = (start: number) => {
    const begin = [0, 0, 0, 0];
    const size = [...x.shape];
    begin[axis] = start;
    size[axis] = p;
    return tf.reverse(tf.slice(x, begin, size), axis);
  };
  return tf.concat([take(1), x, take(n - 1 - p)], axis);
}

/**
 * Reflection padding of maps (mirror without repeating the edge pixel), as CycleGAN's ResNet
 * generator uses before its 7×7 and 3×3 convolutions to avoid dark borders from zero padding.
 */
export const reflectPad = defineNode({
  type: TYPE,
  version: 1,
  category: 'layer',
  title: 'Reflection pad',
  description: 'Pad [B, H, W, C] maps by mirroring p pixels on every side: [B, H + 2p, W + 2p, C].',
  params: zReflectPadParams,
  inputs: [{ name: 'x', contract: { role: 'tensor', shape: ['B', 'H', 'W', 'C'] }, description: 'Maps [B, H, W, C].' }],
  outputs: [{ name: 'y', contract: { role: 'tensor', shape: ['B', 'H2', 'W2', 'C'] }, description: 'Padded maps.' }],
  infer(ctx) {
    const x = single(ctx.inputs, 'x');
    const p = ctx.params.padding;
    if (!x?.shape) return { outputs: { y: { role: x?.role ?? 'tensor' } } };
    if (x.shape.length !== 4) return { errors: [{ port: 'x', message: `expected [B, H, W, C] (rank 4, NHWC), got ${formatShape(x.shape)}` }] };
    for (const d of [x.shape[1]!, x.shape[2]!]) {
      if (typeof d === 'number' && d <= p) {
        return { errors: [{ port: 'x', message: `reflection padding ${p} needs H and W above ${p}, got ${formatShape(x.shape)}` }] };
      }
    }
    const h = mapDim(x.shape[1]!, ctx.nodeId, false, (n) => n + 2 * p);
    const w = mapDim(x.shape[2]!, ctx.nodeId, false, (n) => n + 2 * p);
    return { outputs: { y: { role: x.role, dtype: 'float32', shape: [x.shape[0]!, h, w, x.shape[3]!] } } };
  },
  build(ctx) {
    const p = ctx.params.padding;
    return {
      forward(inputs) {
        const x = inputs.tensor('x');
        if (x.rank !== 4) throw new Error(`${TYPE} ${ctx.nodeId}: expected [B, H, W, C], got [${x.shape.join(', ')}]`);
        return { y: reflectAxis(reflectAxis(x, 1, p), 2, p) };
      },
    };
  },
});
