import type { NodeDefinition } from '@ganvas/core';
import { fashionMnist } from './fashion-mnist.js';
import { gaussianNoise } from './gaussian-noise.js';
import { mnist } from './mnist.js';
import { oneHot } from './one-hot.js';
import { randomLabels } from './random-labels.js';
import { uniformNoise } from './uniform-noise.js';

export { mnist, fashionMnist, gaussianNoise, uniformNoise, randomLabels, oneHot };
export { zImageSourceParams } from './image-source.js';
export type { ImageSourceParams } from './image-source.js';
export { zGaussianNoiseParams } from './gaussian-noise.js';
export type { GaussianNoiseParams } from './gaussian-noise.js';
export { zUniformNoiseParams } from './uniform-noise.js';
export type { UniformNoiseParams } from './uniform-noise.js';
export { zRandomLabelsParams } from './random-labels.js';
export type { RandomLabelsParams } from './random-labels.js';
export { zOneHotParams } from './one-hot.js';
export type { OneHotParams } from './one-hot.js';
export { loadMnist } from './mnist-data.js';
export { loadFashionMnist } from './fashion-mnist-data.js';
export type { Dataset, Split } from './dataset.js';

/** Every node type of this package, in the order the editor lists them. */
export const nodes: NodeDefinition<any>[] = [mnist, fashionMnist, gaussianNoise, uniformNoise, randomLabels, oneHot];
