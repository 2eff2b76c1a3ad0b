import { z } from 'zod';
import { defineNode } from '@ganvas/core';
import { activationInfer, activationPorts } from './activation.js';
import { sigmoidInputGrad } from './smooth-grad.js';

export const zSigmoidParams = z.object({});

export const sigmoid = defineNode({
  type: 'layers.sigmoid',
  version: 1,
  category: 'layer',
  title: 'Sigmoid',
  description: '1 / (1 + e^−x), output in [0, 1].',
  params: zSigmoidParams,
  ...activationPorts,
  docs: 'Its gradient is recomputed from the input, so second-order gradients through it are correct.',
  infer: activationInfer([0, 1]),
  build() {
    return { forward: (inputs) => ({ y: sigmoidInputGrad(inputs.tensor('x')) }) };
  },
});
