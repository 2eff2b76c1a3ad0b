import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode } from '@ganvas/core';
import type { Contract, Network, NetworkSignature } from '@ganvas/core';
import { caffePreprocess } from './caffe.js';
import { GATYS_CONTENT_LAYER, GATYS_STYLE_LAYERS, VGG19_LAYER_NAMES, poolsBefore, vggLayer } from './vgg19-architecture.js';
import { checkTopology, layersUpTo, loadVggWeights, openVggModel } from './vgg19-load.js';
import { VGG19_DOCS } from './vgg19-docs.js';
import { vgg19Definition } from './vgg19-definition.js';

export const zVgg19Params = z.object({
  weights: z
    .string()
    .min(1)
    .default('models/vgg19/model.json')
    .describe('Pretrained weights in the TensorFlow.js layers format: a folder holding model.json, the model.json itself, or an http(s) URL. Relative paths start at the graph file.'),
  outputs: z
    .array(z.string())
    .min(1)
    .default([...GATYS_STYLE_LAYERS, GATYS_CONTENT_LAYER])
    .describe('Layers the network outputs (feature taps), by Keras name, e.g. block1_conv1 (after its ReLU) or block2_pool. Only the layers up to the deepest tap are loaded and run.'),
  preprocess: z
    .enum(['caffe', 'none'])
    .default('caffe')
    .describe("'caffe': the input is RGB in [0, 1] and is turned into BGR 0–255 minus the ImageNet mean, as the Keras/Caffe weights expect; 'none': the input is already preprocessed."),
});
export type Vgg19Params = z.infer<typeof zVgg19Params>;

/** The signature of the network value: `image` in, one features output per tap. */
export function vgg19Signature(outputs: readonly string[]): NetworkSignature {
  const image: Contract = { role: 'image', dtype: 'float32', shape: ['B', 'H', 'W', 3], range: [0, 1] };
  return {
    inputs: [{ name: 'image', contract: image }],
    outputs: outputs.map((name) => {
      const layer = vggLayer(name)!;
      const k = poolsBefore(layer);
      // Spatial sizes are the input's divided by 2^k (floored per pool): kept symbolic.
      const h = k === 0 ? 'H' : `H_pool${k}`;
      const w = k === 0 ? 'W' : `W_pool${k}`;
      return { name, contract: { role: 'features', dtype: 'float32', shape: ['B', h, w, layer.channels] } };
    }),
  };
}

/** Why `outputs` is not a usable list of taps, or undefined when it is. */
function tapProblem(outputs: readonly string[]): string | undefined {
  const unknown = outputs.filter((o) => !vggLayer(o));
  if (unknown.length > 0) {
    return `"outputs" names ${unknown.map((u) => `"${u}"`).join(', ')}, not VGG-19 layers; choose from ${VGG19_LAYER_NAMES.join(', ')}`;
  }
  if (new Set(outputs).size !== outputs.length) return `"outputs" lists a layer twice: ${outputs.join(', ')}`;
  return undefined;
}

export const vgg19 = defineNode({
  type: 'style.vgg19',
  version: 1,
  category: 'network',
  title: 'VGG-19 (pretrained)',
  description:
    'The VGG-19 feature extractor with frozen ImageNet weights loaded from a TensorFlow.js layers model. Its `net` outputs the features of the tapped layers; connect it to Apply or Fixed features nodes.',
  docs: VGG19_DOCS,
  params: zVgg19Params,
  inputs: [],
  outputs: [{ name: 'net', contract: { role: 'network' }, description: 'The network: image [B,H,W,3] in [0,1] → features at each tapped layer.' }],
  infer(ctx) {
    const problem = tapProblem(ctx.params.outputs);
    if (problem) return { errors: [{ message: problem }] };
    return { outputs: { net: { role: 'network', network: vgg19Signature(ctx.params.outputs) } } };
  },
  // The editor opens the node on this: the same conv/relu/pool stack `build` runs, as layer nodes.
  layers(params) {
    const problem = tapProblem(params.outputs);
    if (problem) throw new Error(problem);
    return vgg19Definition(params.outputs);
  },
  async build(ctx) {
    const { outputs, preprocess } = ctx.params;
    const needed = layersUpTo(outputs);
    const model = await openVggModel(ctx.host, ctx.params.weights);
    const problems = checkTopology(model, needed);
    if (problems.length > 0) {
      throw new Error(
        `${model.modelJson} does not provide the VGG-19 layers this node needs (up to ${needed.at(-1)!.name}): ${problems.join('; ')}`,
      );
    }
    const loaded = await loadVggWeights(ctx.host, model, needed);
    const params = new Map<string, { kernel: tf.Variable; bias: tf.Variable }>();
    for (const layer of needed) {
      if (layer.kind !== 'conv') continue;
      const make = (role: 'kernel' | 'bias') => {
        const w = loaded.get(`${layer.name}/${role}`)!;
        return ctx.weight(`${layer.name}/${role}`, w.shape, () => w.values, { frozen: true });
      };
      params.set(layer.name, { kernel: make('kernel'), bias: make('bias') });
    }
    loaded.clear();
    const signature = vgg19Signature(outputs);
    const taps = new Set(outputs);
    const variables = [...params.values()].flatMap((p) => [p.kernel, p.bias]);
    const net: Network = {
      kind: 'network',
      name: ctx.nodeId,
      signature,
      apply(inputs) {
        const image = inputs['image'];
        if (!image) throw new Error(`${ctx.nodeId}: the VGG-19 network needs an "image" input`);
        if (image.rank !== 4 || image.shape[3] !== 3) {
          throw new Error(`${ctx.nodeId}: VGG-19 takes RGB images [B, H, W, 3], got [${image.shape.join(', ')}]`);
        }
        let x = (preprocess === 'caffe' ? caffePreprocess(image as tf.Tensor4D) : image) as tf.Tensor4D;
        const out: Record<string, tf.Tensor> = {};
        for (const layer of needed) {
          if (layer.kind === 'conv') {
            const p = params.get(layer.name)!;
            x = tf.relu(tf.add(tf.conv2d(x, p.kernel as tf.Tensor4D, 1, 'same'), p.bias)) as tf.Tensor4D;
          } else {
            x = tf.maxPool(x, 2, 2, 'valid');
          }
          if (taps.has(layer.name)) out[layer.name] = x;
        }
        return out;
      },
      trainableVariables: () => [],
      variables: () => variables,
    };
    return { forward: () => ({ net }) };
  },
});
