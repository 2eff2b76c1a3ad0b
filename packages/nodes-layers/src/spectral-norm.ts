import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import type { BuildContext, ForwardContext, Initializer } from '@ganvas/core';

/**
 * Spectral normalisation (Miyato et al. 2018) of a weight layer's kernel, as PyTorch 1.13's
 * `torch.nn.utils.spectral_norm` (eps 1e-12): the kernel is divided by σ, an estimate of the
 * largest singular value of the kernel seen as a matrix W (output channels × the rest), kept
 * up to date by power iteration on two state vectors u (output channels) and v (the rest).
 * Shared by dense, conv2d and conv2dTranspose; off by default, and then nothing here runs.
 */

/** The params a weight layer adds to its schema (spread into its z.object). */
export const zSpectralNormFields = {
  spectralNorm: z
    .boolean()
    .default(false)
    .describe(
      'Spectral normalisation (Miyato et al. 2018, as torch.nn.utils.spectral_norm): use kernel / σ, σ the largest ' +
        'singular value of the kernel as an (output channels × rest) matrix, estimated by power iteration. The bias ' +
        'is not normalised. Adds two non-trainable state vectors (spectralU, spectralV) that checkpoints keep.',
    ),
  powerIterations: z
    .number()
    .int()
    .min(1, 'must be at least 1 (power-iteration steps per training forward; PyTorch uses 1)')
    .default(1)
    .describe('With spectralNorm: power-iteration steps per training-mode forward (PyTorch\'s n_power_iterations).'),
};

/** Documentation shared by the three layers (appended to their docs). */
export const spectralNormDocs =
  'With `spectralNorm`, every training forward (purpose train) first runs `powerIterations` steps of ' +
  'v = normalize(Wᵀu), u = normalize(Wv) without gradient and stores u and v; then σ = uᵀWv with u, v held ' +
  'constant, so the gradient flows through W only, exactly as PyTorch. Samples, evaluations and previews use ' +
  'the stored u and v and change nothing. u starts as a normalised standard normal draw (after the kernel and ' +
  'bias, whose initial values do not change), v as normalize(Wᵀu) of the initial kernel (PyTorch draws v at ' +
  'random; only an evaluation before the first training forward can differ). In data-parallel training every ' +
  'worker runs the same power iteration on the same weights, so u and v stay identical without communication.';

const EPS = 1e-12;

/** x / max(‖x‖, eps), PyTorch's F.normalize of a vector. */
function normalize(x: tf.Tensor1D): tf.Tensor1D {
  return tf.div(x, tf.maximum(tf.norm(x), EPS));
}

/** A standard normal draw scaled to unit length: PyTorch's start for u. */
const unitNormal: Initializer = (rng, shape) => {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = rng.normals(n, 0, 1);
  let sq = 0;
  for (const x of values) sq += x * x;
  const scale = 1 / Math.max(Math.sqrt(sq), EPS);
  return values.map((x) => x * scale);
};

/**
 * The kernel as the matrix Wᵀ: [rest, out], `outAxis` moved last (no copy when it is last
 * already). The order of the "rest" entries is ours, not PyTorch's; u, σ and the result do
 * not depend on it, and v is stored in this order (test-ref/torch_ref.py maps it).
 */
function asMatrix(kernel: tf.Tensor, outAxis: number): tf.Tensor2D {
  const last = kernel.rank - 1;
  const out = kernel.shape[outAxis]!;
  if (outAxis === last) return tf.reshape(kernel, [-1, out]);
  const perm = kernel.shape.map((_, i) => i).filter((i) => i !== outAxis);
  return tf.reshape(tf.transpose(kernel, [...perm, outAxis]), [-1, out]);
}

/** Gives the kernel a layer should use in a forward: itself, or kernel / σ. */
export type KernelFor = (fctx: ForwardContext) => tf.Tensor;

/**
 * Set up spectral normalisation of `kernel` (call after creating the kernel and bias, so that
 * their initial values are those of the layer without it). `outAxis` is the kernel axis that
 * PyTorch treats as dim 0 of the matrix: its output channels.
 */
export function spectralNormKernel(
  ctx: Pick<BuildContext<unknown>, 'weight'>,
  kernel: tf.Variable,
  outAxis: number,
  iterations: number,
): KernelFor {
  const out = kernel.shape[outAxis]!;
  const rest = kernel.size / out;
  const u = ctx.weight('spectralU', [out], unitNormal, { trainable: false });
  const v = ctx.weight('spectralV', [rest], (_rng, shape) => new Float32Array(shape[0]!), { trainable: false });
  tf.tidy(() => v.assign(normalize(tf.dot(asMatrix(kernel, outAxis), u) as tf.Tensor1D)));
  return (fctx) => {
    // Only training steps move u and v (a preview in training mode must not change the model).
    if (fctx.training && fctx.purpose === 'train') {
      // Inside a gradient tape these ops are recorded, but nothing on the path to the output
      // uses their results: σ below reads the variables, whose new values enter as constants.
      tf.tidy(() => {
        const w = asMatrix(kernel, outAxis);
        let uu = u as tf.Tensor1D;
        let vv = v as tf.Tensor1D;
        for (let i = 0; i < iterations; i++) {
          vv = normalize(tf.dot(w, uu) as tf.Tensor1D);
          uu = normalize(tf.dot(vv, w) as tf.Tensor1D);
        }
        u.assign(uu);
        v.assign(vv);
      });
    }
    // σ = uᵀ W v = u · (vᵀ Wᵀ). A later forward in the same tape (D on real, then on fake) may
    // assign u and v again; the tape keeps its own references to the values used here.
    const sigma = tf.dot(tf.dot(v, asMatrix(kernel, outAxis)), u);
    return tf.div(kernel, sigma);
  };
}

/** The kernel unchanged, for layers without spectral normalisation. */
export const plainKernel =
  (kernel: tf.Tensor): KernelFor =>
  () =>
    kernel;
