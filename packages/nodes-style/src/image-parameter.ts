import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, formatShape, init } from '@ganvas/core';
import type { Contract, Network, NodeState } from '@ganvas/core';

export const zImageParameterParams = z.object({
  height: z.number().int().positive().default(256).describe('Image height.'),
  width: z.number().int().positive().default(256).describe('Image width.'),
  init: z
    .enum(['input', 'noise'])
    .default('input')
    .describe("'input': start from the image on the `init` port (the content image); 'noise': start from white noise U(0, 1)."),
  noise: z.number().nonnegative().default(0).describe("Std of Gaussian noise added to the `init` image ('input' only)."),
});

const imageContract = (h: number, w: number): Contract => ({ role: 'image', dtype: 'float32', shape: [1, h, w, 3], range: [0, 1] });

/**
 * The image being optimised, as a trainable variable [1, H, W, 3] in [0, 1] units (values may
 * leave [0, 1] during optimisation; writers clamp). Its `net` output is a network whose only
 * trainable variable is the image, so any optimizer's `params` port accepts it.
 *
 * Starting from the `init` input: build time only knows contracts, not values, so the
 * variable is filled from the input on the first evaluation (the trainer evaluates the
 * optimizer's params before the first step, outside any gradient). Whether that happened is
 * node state (checkpointed), so a restored run never re-initialises over trained pixels.
 */
export const imageParameter = defineNode({
  type: 'style.imageParameter',
  version: 1,
  category: 'network',
  title: 'Image parameter',
  description: 'A trainable image (what style transfer optimises), initialised from an input image or from noise.',
  params: zImageParameterParams,
  inputs: [{ name: 'init', contract: { role: 'image', shape: [1, 'H', 'W', 3] }, optional: true, description: 'Starting image (usually the content image).' }],
  outputs: [
    { name: 'net', contract: { role: 'network' }, description: 'The image as a network value: connect to an optimizer’s params.' },
    { name: 'image', contract: { role: 'image' }, description: 'The current image [1, H, W, 3].' },
  ],
  infer(ctx) {
    const { height, width } = ctx.params;
    const got = ctx.inputs['init'];
    const shape = (Array.isArray(got) ? got[0] : got)?.shape;
    if (ctx.params.init === 'input' && !got) {
      return { errors: [{ port: 'init', message: "init is 'input' but nothing is connected to \"init\"; connect the content image or set init to 'noise'" }] };
    }
    if (shape && ((typeof shape[1] === 'number' && shape[1] !== height) || (typeof shape[2] === 'number' && shape[2] !== width))) {
      return { errors: [{ port: 'init', message: `the init image is ${formatShape(shape)} but this parameter is 1×${height}×${width}×3; resize the source to match` }] };
    }
    const image = imageContract(height, width);
    return { outputs: { image, net: { role: 'network', network: { inputs: [], outputs: [{ name: 'image', contract: image }] } } } };
  },
  build(ctx) {
    const { height, width } = ctx.params;
    const fromInput = ctx.params.init === 'input';
    const pixels = ctx.weight('image', [1, height, width, 3], fromInput ? init.constant(0.5) : init.uniform(0, 1));
    let initialised = !fromInput;
    const net: Network = {
      kind: 'network',
      name: ctx.nodeId,
      signature: { inputs: [], outputs: [{ name: 'image', contract: imageContract(height, width) }] },
      apply: () => ({ image: tf.clone(pixels) }),
      trainableVariables: () => [pixels],
      variables: () => [pixels],
    };
    return {
      forward(inputs, fctx) {
        if (!initialised) {
          const start = inputs.tensor('init');
          if (start.shape.join() !== pixels.shape.join()) {
            throw new Error(`node ${ctx.nodeId}: init image is [${start.shape.join(', ')}], expected [${pixels.shape.join(', ')}]`);
          }
          tf.tidy(() => {
            const noisy = ctx.params.noise > 0 ? tf.add(start, tf.randomNormal(start.shape, 0, ctx.params.noise, 'float32', fctx.rng.seed())) : start;
            pixels.assign(noisy);
          });
          initialised = true;
        }
        return { net, image: tf.clone(pixels) };
      },
      getState: (): NodeState => ({ json: { initialised } }),
      setState(state: NodeState) {
        const json = state.json as { initialised?: unknown } | undefined;
        if (typeof json?.initialised === 'boolean') initialised = json.initialised;
      },
    };
  },
});
