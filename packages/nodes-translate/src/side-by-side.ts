import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, dimsCompatible, formatShape, isSymbol } from '@ganvas/core';
import type { Contract, Dim } from '@ganvas/core';

export const zSideBySideParams = z.object({});

/**
 * Image batches joined along the width, [x | G(x) | …] per row, for sample grids of
 * translators. Unlike `layers.concat` it keeps the images' value range, which the grid needs.
 */
export const sideBySide = defineNode({
  type: 'i2i.sideBySide',
  version: 1,
  category: 'output',
  title: 'Side by side',
  description: 'Joins image batches of one size along the width ([B, H, W·n, C]), keeping their range, e.g. input | translation | target.',
  params: zSideBySideParams,
  inputs: [{ name: 'images', contract: { role: 'image', shape: ['B', 'H', 'W', 'C'] }, multi: true, description: 'Image batches, left to right.' }],
  outputs: [{ name: 'image', contract: { role: 'image' }, description: 'The joined images.' }],
  infer(ctx) {
    const x = ctx.inputs.images;
    const list: Contract[] = x === undefined ? [] : Array.isArray(x) ? x : [x];
    if (list.length === 0) return { errors: [{ port: 'images', message: 'connect at least one image batch' }] };
    const first = list[0]!;
    const range = first.range;
    for (const [i, c] of list.entries()) {
      if (c.shape && first.shape && !(c.shape.length === 4 && c.shape.every((d, k) => k === 2 || dimsCompatible(d, first.shape![k]!)))) {
        return { errors: [{ port: 'images', message: `input ${i} is ${formatShape(c.shape)} but input 0 is ${formatShape(first.shape)}; only the width may differ` }] };
      }
      if (range && c.range && (c.range[0] !== range[0] || c.range[1] !== range[1])) {
        return { errors: [{ port: 'images', message: `input ${i} has range [${c.range.join(', ')}] but input 0 has [${range.join(', ')}]` }] };
      }
    }
    const widths = list.map((c) => c.shape?.[2]);
    const w: Dim = widths.every((d): d is number => d !== undefined && !isSymbol(d)) ? widths.reduce((a, b) => a + b, 0) : `W_${ctx.nodeId}`;
    const shape = first.shape ? [first.shape[0]!, first.shape[1]!, w, first.shape[3]!] : undefined;
    return { outputs: { image: { role: 'image', dtype: 'float32', ...(shape ? { shape } : {}), ...(range ? { range } : {}) } } };
  },
  build() {
    return {
      forward(inputs) {
        const xs = inputs.tensors('images');
        return { image: xs.length === 1 ? tf.clone(xs[0]!) : tf.concat(xs, 2) };
      },
    };
  },
});
