import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode } from '@ganvas/core';
import { imageTensor, readImageFile } from './image-pixels.js';

export const zImageFileParams = z.object({
  path: z.string().min(1).describe('PNG or JPEG file (relative paths start at the graph file), or an http(s) URL.'),
  height: z.number().int().positive().default(256).describe('Height the image is resized to.'),
  width: z.number().int().positive().default(256).describe('Width the image is resized to.'),
  fit: z.enum(['cover', 'stretch']).default('cover').describe("'cover': scale to cover and crop the centre (keeps proportions); 'stretch': scale each axis."),
});

/**
 * One image from a file, decoded and resized once at build time. Every evaluation hands
 * out the same tensor (so fixed-features nodes downstream can recognise it and cache).
 */
export const imageFile = defineNode({
  type: 'style.imageFile',
  version: 1,
  category: 'data',
  title: 'Image file',
  description: 'A PNG or JPEG image read through the host, resized to height × width, RGB in [0, 1].',
  params: zImageFileParams,
  inputs: [],
  outputs: [{ name: 'image', contract: { role: 'image', dtype: 'float32', shape: [1, 'H', 'W', 3], range: [0, 1] }, description: 'The image [1, H, W, 3].' }],
  infer(ctx) {
    const { height, width } = ctx.params;
    return { outputs: { image: { role: 'image', dtype: 'float32', shape: [1, height, width, 3], range: [0, 1] } } };
  },
  async build(ctx) {
    const { path, height, width, fit } = ctx.params;
    const decoded = await readImageFile(ctx.host, path);
    const image = tf.keep(imageTensor(decoded, height, width, fit));
    return {
      forward: () => ({ image }),
      dispose: () => image.dispose(),
    };
  },
});
