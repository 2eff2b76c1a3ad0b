// The node types of @ganvas/nodes-style (namespace `style`), in one explicit list.
import type { NodeDefinition } from '@ganvas/core';
import { contentLossNode } from './content-loss.js';
import { fixedFeatures } from './fixed-features.js';
import { gram } from './gram.js';
import { imageFile } from './image-file.js';
import { imageParameter } from './image-parameter.js';
import { styleLoss } from './style-loss.js';
import { tvLoss } from './tv-loss.js';
import { vgg19 } from './vgg19.js';

export { contentLossNode, fixedFeatures, gram, imageFile, imageParameter, styleLoss, tvLoss, vgg19 };
export { contentLoss } from './content-loss.js';
export { gramMatrix } from './gram.js';
export { styleLayerLoss } from './style-loss.js';
export { totalVariation } from './tv-loss.js';
export { caffePreprocess, IMAGENET_MEAN_BGR } from './caffe.js';
export { imageTensor, readImageFile } from './image-pixels.js';
export type { Fit } from './image-pixels.js';
export { VGG19_LAYERS, VGG19_LAYER_NAMES, GATYS_STYLE_LAYERS, GATYS_CONTENT_LAYER } from './vgg19-architecture.js';
export type { VggLayer } from './vgg19-architecture.js';
export { vgg19Signature } from './vgg19.js';
export { readLayersModel, readWeights, modelJsonLocation } from './layers-model-reader.js';
export type { LayersModel, LoadedWeight } from './layers-model-reader.js';
export type { ModelLayer } from './layers-model-format.js';
export { CONVERSION_HINT, openVggModel } from './vgg19-load.js';
export { vgg19Definition } from './vgg19-definition.js';

export const nodes: NodeDefinition<any>[] = [
  vgg19,
  fixedFeatures,
  imageFile,
  imageParameter,
  gram,
  contentLossNode,
  styleLoss,
  tvLoss,
];
