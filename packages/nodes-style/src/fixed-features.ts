import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode } from '@ganvas/core';
import type { Contract, NetworkSignature } from '@ganvas/core';
import { gramMatrix } from './gram.js';

export const zFixedFeaturesParams = z.object({
  layer: z.string().min(1).describe('The network output (feature tap) to take, e.g. block3_conv2.'),
  gram: z.boolean().default(false).describe('Output the Gram matrix [B, C, C] of the features instead of the features (style targets).'),
});

/**
 * Features of an image that does not change during a run — the content and style targets.
 *
 * Caching: the engine evaluates the graph afresh for every phase iteration (a new memo each
 * time) and pulls every input of a node eagerly, so a node that wants to compute something
 * once must do it itself. This one runs the network on first use and keeps the result
 * (`tf.keep`) in its instance, which lives exactly as long as the run (one `compile`). The
 * cache is keyed by the identity of the incoming image tensor and its data (`dataId`), so it
 * can never serve stale values: image sources hand out the same tensor every time, and should
 * a changing image be connected, the features are simply recomputed. The image must not
 * depend on trainable weights (its gradient would be lost).
 */
export const fixedFeatures = defineNode({
  type: 'style.fixedFeatures',
  version: 1,
  category: 'network',
  title: 'Fixed features (computed once)',
  description: 'Runs a network once per run on an image that stays the same (content or style image) and outputs one tap’s features or their Gram matrix.',
  params: zFixedFeaturesParams,
  inputs: [
    { name: 'network', contract: { role: 'network' }, description: 'The feature extractor, e.g. style.vgg19.' },
    { name: 'image', contract: { role: 'image' }, description: 'An image that does not change during the run.' },
  ],
  outputs: [{ name: 'features', contract: { role: 'features' }, description: 'Features [B, H, W, C] at the layer, or their Gram matrices [B, C, C].' }],
  infer(ctx) {
    const net = ctx.inputs['network'];
    const sig: NetworkSignature | undefined = (Array.isArray(net) ? net[0] : net)?.network;
    if (!sig) return { outputs: ctx.declaredOutputs };
    const out = sig.outputs.find((o) => o.name === ctx.params.layer);
    if (!out) {
      return {
        errors: [{ message: `the network has no output "${ctx.params.layer}"; its outputs are ${sig.outputs.map((o) => o.name).join(', ')} (add the layer to the network's taps)` }],
      };
    }
    const shape = out.contract.shape;
    const features: Contract = ctx.params.gram && shape?.length === 4
      ? { role: 'features', dtype: 'float32', shape: [shape[0]!, shape[3]!, shape[3]!] }
      : { ...out.contract };
    return { outputs: { features } };
  },
  build(ctx) {
    const { layer, gram } = ctx.params;
    let cache: { input: tf.Tensor; dataId: object; value: tf.Tensor } | undefined;
    const clear = () => {
      cache?.value.dispose();
      cache = undefined;
    };
    return {
      forward(inputs, fctx) {
        const image = inputs.tensor('image');
        if (cache && cache.input === image && cache.dataId === image.dataId) return { features: cache.value };
        clear();
        const net = inputs.network('network');
        const value = tf.tidy(() => {
          const out = net.apply({ [net.signature.inputs[0]?.name ?? 'image']: image }, fctx)[layer];
          if (!out) throw new Error(`node ${ctx.nodeId}: network "${net.name}" gave no output "${layer}"`);
          return gram ? gramMatrix(out) : tf.clone(out);
        });
        cache = { input: image, dataId: image.dataId, value: tf.keep(value) };
        return { features: value };
      },
      dispose: clear,
    };
  },
});
