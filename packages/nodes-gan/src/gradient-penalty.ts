import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, drawForShard } from '@ganvas/core';
import type { ForwardContext, Network } from '@ganvas/core';
import { fitsCriticInput, resolveCriticPorts, type CriticPorts } from './critic-ports.js';
import { lossOutput, sameButBatch, single } from './common.js';

export const zGradientPenaltyParams = z.object({
  lambda: z.number().min(0).default(10).describe('Weight λ of the penalty (Gulrajani et al.: 10).'),
  target: z.number().min(0).default(1).describe('The gradient norm the penalty pulls towards (1: 1-Lipschitz).'),
  input: z.string().optional().describe("The critic input that receives x̂; default: the critic's first input."),
  output: z.string().optional().describe("The critic output to differentiate; default: the critic's only output."),
});
export type GradientPenaltyParams = z.infer<typeof zGradientPenaltyParams>;

/**
 * Added inside the square root of ‖∇‖²: the norm's derivative is 1/‖∇‖, which is infinite
 * where the gradient vanishes (e.g. a critic that ignores its input). Far below float32
 * resolution for any real gradient, so values match PyTorch's plain norm.
 */
const NORM_FLOOR = 1e-12;

/**
 * Per-sample ε ~ U[0, 1], drawn from the evaluation's random stream, shaped to broadcast over x.
 * In data-parallel training the full batch's ε are drawn (as one worker would) and this
 * worker keeps its rows.
 */
function drawEpsilon(fctx: ForwardContext, batch: number, rank: number): tf.Tensor {
  return drawForShard(fctx, [batch, ...new Array<number>(rank - 1).fill(1)], (shape) => {
    const n = shape[0]!;
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = fctx.rng.uniform();
    return tf.tensor(values, shape);
  });
}

/** λ·mean_i (‖∇_x̂ f(x̂_i)‖₂ − target)², x̂ = ε·real + (1 − ε)·fake. */
function penalty(
  net: Network,
  ports: CriticPorts,
  real: tf.Tensor,
  fake: tf.Tensor,
  condition: tf.Tensor | undefined,
  p: GradientPenaltyParams,
  fctx: ForwardContext,
): tf.Scalar {
  const batch = real.shape[0]!;
  const eps = drawEpsilon(fctx, batch, real.rank);
  const xhat = tf.add(fake, tf.mul(eps, tf.sub(real, fake)));
  const score = (x: tf.Tensor): tf.Scalar => {
    const args: Record<string, tf.Tensor> = { [ports.input]: x };
    if (ports.condition !== undefined && condition !== undefined) args[ports.condition] = condition;
    const out = net.apply(args, fctx)[ports.output];
    if (out === undefined) throw new Error(`the critic gave no output "${ports.output}"`);
    // Samples are independent, so ∂(Σ_i f(x̂_i))/∂x̂_i = ∇f(x̂_i): one backward pass for the batch.
    return tf.sum(out);
  };
  // Nested inside the optimizer's gradient tape: the tape records this backward pass too,
  // so the update differentiates the penalty w.r.t. the critic's weights (second order).
  const grad = tf.grad(score)(xhat);
  const sq = tf.sum(tf.square(tf.reshape(grad, [batch, -1])), 1);
  const norm = tf.sqrt(tf.add(sq, NORM_FLOOR));
  return tf.mul(tf.mean(tf.square(tf.sub(norm, p.target))), p.lambda) as tf.Scalar;
}

export const gradientPenalty = defineNode({
  type: 'gan.gradientPenalty',
  version: 1,
  category: 'loss',
  // ε is drawn for the full batch and each worker keeps its rows; the penalty is a mean of
  // per-row terms. (Hosts refuse it with a batch-norm critic, whose cross-worker statistics
  // are not twice differentiable.)
  dataParallel: 'shardAware',
  title: 'Gradient penalty',
  description:
    'WGAN-GP: λ·E[(‖∇_x̂ f(x̂)‖₂ − 1)²] on interpolates x̂ = ε·real + (1 − ε)·fake, ε ~ U[0, 1] per sample. ' +
    'Calls the critic itself; add it to the critic loss.',
  docs: [
    'Gulrajani et al. replace WGAN weight clipping by this soft 1-Lipschitz constraint. The node',
    'draws ε per sample from the evaluation random stream, forms x̂, runs the critic (connected to',
    '`critic`, the same network node the critic loss applies) on x̂ and penalises the distance of',
    'each sample’s input-gradient norm from `target`. Its optimizer differentiates the gradient',
    'again (second order): build the critic from layers whose second-order gradients are exact',
    '(conv, dense, relu, leaky ReLU, the layers’ tanh/sigmoid) and **without batch norm**,',
    'which also makes each sample’s penalty depend on the other samples.',
    '',
    'A conditional critic (two inputs) gets its second input from `condition` (e.g. the tiled',
    'labels of the real batch). Sum it with the critic loss through `loss.weightedSum`.',
    '',
    'Other penalties by wiring: `target: 0` pulls the gradient towards zero on the interpolates',
    '(Thanh-Tung et al.; `dcgan-gp0-mnist.json`); with `fake` also connected to the real batch,',
    'x̂ = x and `target: 0` gives R1 (Mescheder et al.), with λ = γ/2.',
  ].join('\n'),
  params: zGradientPenaltyParams,
  inputs: [
    { name: 'critic', contract: { role: 'network' }, description: 'The critic network f (weights shared with the critic loss).' },
    { name: 'real', contract: { role: 'image' }, description: 'A batch of real data.' },
    { name: 'fake', contract: { role: 'image' }, description: 'A batch of generated data, same shape as real.' },
    {
      name: 'condition',
      contract: { role: 'tensor' },
      optional: true,
      description: "A conditional critic's second input (e.g. labels), passed unchanged.",
    },
  ],
  outputs: [lossOutput],
  infer(ctx) {
    const errors: { port?: string; message: string }[] = [];
    const real = single(ctx.inputs['real']);
    const fake = single(ctx.inputs['fake']);
    const pairError = sameButBatch('real', real, 'fake', fake);
    if (pairError !== undefined) errors.push({ port: 'fake', message: pairError });
    const sig = single(ctx.inputs['critic'])?.network;
    if (sig !== undefined) {
      const ports = resolveCriticPorts(sig, ctx.params);
      if (typeof ports === 'string') {
        errors.push({ port: 'critic', message: ports });
      } else {
        for (const [name, c] of [['real', real], ['fake', fake]] as const) {
          const misfit = fitsCriticInput(name, c, sig, ports.input);
          if (misfit !== undefined) errors.push({ port: name, message: misfit });
        }
        const condition = single(ctx.inputs['condition']);
        if (ports.condition !== undefined && condition === undefined) {
          errors.push({
            port: 'condition',
            message: `the critic also takes "${ports.condition}"; connect it to "condition" (e.g. the labels of the real batch)`,
          });
        } else if (ports.condition === undefined && condition !== undefined) {
          errors.push({ port: 'condition', message: 'the critic has a single input; disconnect "condition"' });
        } else if (ports.condition !== undefined) {
          const misfit = fitsCriticInput('condition', condition, sig, ports.condition);
          if (misfit !== undefined) errors.push({ port: 'condition', message: misfit });
        }
      }
    }
    return errors.length > 0 ? { errors } : { outputs: ctx.declaredOutputs };
  },
  build(ctx) {
    const p = ctx.params;
    return {
      forward(inputs, fctx) {
        const net = inputs.network('critic');
        const ports = resolveCriticPorts(net.signature, p);
        if (typeof ports === 'string') throw new Error(`node ${ctx.nodeId}: ${ports}`);
        const real = inputs.tensor('real');
        const fake = inputs.tensor('fake');
        if (real.shape.join() !== fake.shape.join()) {
          throw new Error(
            `node ${ctx.nodeId}: "real" [${real.shape.join(', ')}] and "fake" [${fake.shape.join(', ')}] must have the same shape to interpolate`,
          );
        }
        const condition = inputs.optionalTensor('condition');
        if (ports.condition !== undefined && condition === undefined) {
          throw new Error(`node ${ctx.nodeId}: the critic needs "${ports.condition}" on input "condition"`);
        }
        return { loss: penalty(net, ports, real, fake, condition, p, fctx) };
      },
    };
  },
});
