import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode } from '@ganvas/core';
import { activationInfer, activationPorts } from './activation.js';

export const zReluParams = z.object({});

export const relu = defineNode({
  type: 'layers.relu',
  version: 1,
  category: 'layer',
  title: 'ReLU',
  description: 'max(0, x), element-wise.',
  params: zReluParams,
  ...activationPorts,
  infer: activationInfer(undefined),
  build() {
    return { forward: (inputs) => ({ y: tf.relu(inputs.tensor('x')) }) };
  },
});
