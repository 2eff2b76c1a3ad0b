import * as tf from '@tensorflow/tfjs-core';
import { defineNode, type Dim, type ForwardContext } from '@ganvas/core';
import { z } from 'zod';
import { BatchOrder, orderStateHandlers } from '@ganvas/core';
import { batchRows, imageContract } from './params.js';
import { render, writeImage } from './synth/render.js';
import { STREAM, shapeSpec, type Fixed } from './synth/spec.js';
import { splitCount, synthParamFields } from './synth/synth-params.js';

/**
 * `images.shapesUnpaired`: two unpaired domains for CycleGAN. Domain A fixes one attribute to
 * one value and domain B to another; every other attribute has the same distribution in both.
 * The domains come from independent example streams and independent batch orders, so no
 * image of A has a counterpart in B.
 */
export const DOMAIN_PAIRS = {
  'circle-square': [{ shape: 'circle' }, { shape: 'square' }],
  'square-triangle': [{ shape: 'square' }, { shape: 'triangle' }],
  'red-blue': [{ colour: 'red' }, { colour: 'blue' }],
  'white-black': [{ background: 'white' }, { background: 'black' }],
} as const satisfies Record<string, readonly [Fixed, Fixed]>;
export type DomainPair = keyof typeof DOMAIN_PAIRS;

export const zShapesUnpairedParams = z.strictObject({
  ...synthParamFields,
  domains: z
    .enum(Object.keys(DOMAIN_PAIRS) as [DomainPair, ...DomainPair[]])
    .default('circle-square')
    .describe(
      'Domains A-B: circle-square and square-triangle fix the shape, red-blue the colour, white-black the background; ' +
        'all other attributes are distributed alike in both.',
    ),
});
export type ShapesUnpairedParams = z.infer<typeof zShapesUnpairedParams>;

function outputs(batch: Dim, size: Dim) {
  return { a: imageContract(batch, size, size), b: imageContract(batch, size, size) };
}

export const shapesUnpaired = defineNode({
  type: 'images.shapesUnpaired',
  version: 1,
  category: 'data',
  title: 'Synthetic shapes (unpaired domains)',
  description: 'Two unpaired image domains for CycleGAN, e.g. circles (A) and squares (B), alike in everything else.',
  docs: 'Each split has `trainCount`/`heldoutCount` examples per domain; A and B are shuffled independently.',
  params: zShapesUnpairedParams,
  inputs: [],
  outputs: [
    { name: 'a', contract: outputs('B', 64).a, description: 'A batch of domain A (x), [-1, 1].' },
    { name: 'b', contract: outputs('B', 64).b, description: 'An unrelated batch of domain B (y), [-1, 1].' },
  ],
  infer: ({ params }) => ({ outputs: outputs(params.batch ?? 'B', params.size) }),
  // Draws the full batch's indices as a one-worker run does and builds this worker's rows.
  dataParallel: 'shardAware',
  build(ctx) {
    const p = ctx.params;
    const [fixA, fixB] = DOMAIN_PAIRS[p.domains];
    const count = splitCount(p);
    const orders = {
      a: new BatchOrder(p.order, count, `images.shapesUnpaired A (${p.split})`),
      b: new BatchOrder(p.order, count, `images.shapesUnpaired B (${p.split})`),
    };
    const draw = (fctx: ForwardContext, which: 'a' | 'b') => {
      const { full, start, n } = batchRows(p.batch, fctx);
      const pixels = new Float32Array(n * p.size * p.size * 3);
      const [stream, fixed] = which === 'a' ? [STREAM.domainA, fixA] : [STREAM.domainB, fixB];
      orders[which].next(full, fctx).subarray(start, start + n).forEach((index, row) => {
        writeImage(render(shapeSpec(p.seed, stream, p.split, index, fixed), p.size, 'photo'), pixels, row);
      });
      return tf.tensor4d(pixels, [n, p.size, p.size, 3], 'float32');
    };
    return {
      forward: (_inputs, fctx: ForwardContext) => ({ a: draw(fctx, 'a'), b: draw(fctx, 'b') }),
      ...orderStateHandlers(orders),
    };
  },
});
