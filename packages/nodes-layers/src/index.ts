import type { NodeDefinition } from '@ganvas/core';
import { add } from './add.js';
import { batchNorm } from './batch-norm.js';
import { concat } from './concat.js';
import { conv2d } from './conv2d.js';
import { conv2dTranspose } from './conv2d-transpose.js';
import { dense } from './dense.js';
import { dropout } from './dropout.js';
import { flatten } from './flatten.js';
import { instanceNorm } from './instance-norm.js';
import { leakyRelu } from './leaky-relu.js';
import { maxPool2d } from './max-pool.js';
import { minibatchStd } from './minibatch-std.js';
import { multiply } from './multiply.js';
import { pack } from './pack.js';
import { relu } from './relu.js';
import { reflectPad } from './reflect-pad.js';
import { reparameterize } from './reparameterize.js';
import { reshape } from './reshape.js';
import { sigmoid } from './sigmoid.js';
import { tanh } from './tanh.js';
import { upsample } from './upsample.js';

export {
  add,
  batchNorm,
  concat,
  conv2d,
  conv2dTranspose,
  dense,
  dropout,
  flatten,
  instanceNorm,
  leakyRelu,
  maxPool2d,
  minibatchStd,
  multiply,
  pack,
  reflectPad,
  relu,
  reparameterize,
  reshape,
  sigmoid,
  tanh,
  upsample,
};

/** Every node type of `@ganvas/nodes-layers` (namespace `layers`), in one explicit list. */
export const nodes: NodeDefinition<any>[] = [
  dense,
  conv2d,
  conv2dTranspose,
  batchNorm,
  relu,
  leakyRelu,
  tanh,
  sigmoid,
  reshape,
  flatten,
  concat,
  reparameterize,
  dropout,
  maxPool2d,
  instanceNorm,
  add,
  reflectPad,
  minibatchStd,
  pack,
  multiply,
  upsample,
];
