import { z } from 'zod';
import { defineNode } from '@ganvas/core';
import { activationInfer, activationPorts } from './activation.js';
import { tanhInputGrad } from './smooth-grad.js';

export const zTanhParams = z.object({});

export const tanh = defineNode({
  type: 'layers.tanh',
  version: 1,
  category: 'layer',
  title: 'Tanh',
  description: 'Hyperbolic tangent, output in [-1, 1]; the usual last layer of an image generator.',
  params: zTanhParams,
  ...activationPorts,
  docs: 'Its gradient is recomputed from the input, so second-order gradients through it are correct.',
  infer: activationInfer([-1, 1]),
  build() {
    return { forward: (inputs) => ({ y: tanhInputGrad(inputs.tensor('x')) }) };
  },
});
