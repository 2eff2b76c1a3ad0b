import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, formatShape } from '@ganvas/core';
import { mapDim, single } from './common.js';

export const zUpsampleParams = z.object({
  factor: z.number().int().min(2).max(8).default(2).describe('Each map grows by this factor in H and W.'),
  mode: z
    .enum(['nearest', 'bilinear'])
    .default('nearest')
    .describe('nearest: every pixel repeated factor × factor times. bilinear: PyTorch Upsample(mode="bilinear", align_corners=False).'),
});
export type UpsampleParams = z.infer<typeof zUpsampleParams>;

const TYPE = 'layers.upsample';

/**
 * The [n·f, n] matrix that upsamples a line of n values by f. Nearest: output i copies input
 * ⌊i / f⌋. Bilinear, as PyTorch's align_corners=False: output i samples the input at
 * s = (i + ½) / f − ½ (clamped to [0, n − 1]), mixing its two neighbours linearly.
 */
export function upsampleMatrix(n: number, f: number, mode: UpsampleParams['mode']): Float32Array {
  const m = new Float32Array(n * f * n);
  for (let i = 0; i < n * f; i++) {
    if (mode === 'nearest') {
      m[i * n + Math.floor(i / f)] = 1;
      continue;
    }
    const s = Math.min(Math.max((i + 0.5) / f - 0.5, 0), n - 1);
    const lo = Math.floor(s);
    const hi = Math.min(lo + 1, n - 1);
    const t = s - lo;
    m[i * n + lo]! += 1 - t;
    m[i * n + hi]! += t;
  }
  return m;
}

/**
 * Applies a [n·f, n] matrix along H (axis 1) or W (axis 2) of NHWC maps. Built from transpose,
 * reshape and matMul, whose gradients exist to every order on every backend. Not
 * tf.image.resizeBilinear / resizeNearestNeighbor: in tfjs 4.22 the bilinear gradient comes
 * back with H and W swapped for maps that are not square (measured on the cpu backend: "gradient of input
 * 'images' has shape 2,4,3,2" for a 2,3,4,2 input), and neither gradient has a gradient of
 * its own, which a gradient penalty through an upsampling critic would need.
 */
function alongAxis(x: tf.Tensor4D, axis: 1 | 2, f: number, mode: UpsampleParams['mode']): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const n = axis === 1 ? h : w;
  const m = tf.tensor2d(upsampleMatrix(n, f, mode), [n * f, n]);
  // Move the axis last, resample every line, move it back.
  const perm = axis === 1 ? [0, 2, 3, 1] : [0, 1, 3, 2];
  const moved = tf.transpose(x, perm);
  const lines = tf.matMul(tf.reshape(moved, [-1, n]), m, false, true);
  const back = tf.reshape(lines, axis === 1 ? [b, w, c, n * f] : [b, h, c, n * f]);
  return tf.transpose(back, axis === 1 ? [0, 3, 1, 2] : [0, 1, 3, 2]) as tf.Tensor4D;
}

/**
 * Upsampling of [B, H, W, C] maps by an integer factor, with no weights. Followed by a
 * convolution it replaces a transposed convolution in a generator's decoder: the "resize,
 * then convolve" decoder of Odena et al. (2016), which avoids the checkerboard texture that a
 * stride-2 transposed convolution with a 4×4 kernel leaves where its kernel footprints overlap
 * unevenly.
 */
export const upsample = defineNode({
  type: TYPE,
  version: 1,
  category: 'layer',
  title: 'Upsample',
  description: 'Enlarge [B, H, W, C] maps by an integer factor (nearest or bilinear): [B, fH, fW, C]. No weights.',
  params: zUpsampleParams,
  inputs: [{ name: 'x', contract: { role: 'tensor', shape: ['B', 'H', 'W', 'C'] }, description: 'Maps [B, H, W, C].' }],
  outputs: [{ name: 'y', contract: { role: 'tensor', shape: ['B', 'H2', 'W2', 'C'] }, description: 'Enlarged maps.' }],
  infer(ctx) {
    const x = single(ctx.inputs, 'x');
    const f = ctx.params.factor;
    if (!x?.shape) return { outputs: { y: { role: x?.role ?? 'tensor' } } };
    if (x.shape.length !== 4) return { errors: [{ port: 'x', message: `expected [B, H, W, C] (rank 4, NHWC), got ${formatShape(x.shape)}` }] };
    const h = mapDim(x.shape[1]!, ctx.nodeId, false, (n) => n * f);
    const w = mapDim(x.shape[2]!, ctx.nodeId, false, (n) => n * f);
    return { outputs: { y: { role: x.role, dtype: 'float32', shape: [x.shape[0]!, h, w, x.shape[3]!] } } };
  },
  build(ctx) {
    const { factor, mode } = ctx.params;
    return {
      forward(inputs) {
        const x = inputs.tensor('x');
        if (x.rank !== 4) throw new Error(`${TYPE} ${ctx.nodeId}: expected [B, H, W, C], got [${x.shape.join(', ')}]`);
        return { y: alongAxis(alongAxis(x as tf.Tensor4D, 1, factor, mode), 2, factor, mode) };
      },
    };
  },
});
