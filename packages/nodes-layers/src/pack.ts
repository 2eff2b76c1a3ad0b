import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, formatShape, isSymbol } from '@ganvas/core';
import type { Dim, InferResult } from '@ganvas/core';
import { derivedSymbol, mapDim, single } from './common.js';

export const zPackParams = z.object({
  groups: z
    .number()
    .int()
    .min(1)
    .default(2)
    .describe(
      "Samples packed into one discriminator input (PacGAN's m; the paper uses 2 to 4): each run of this many " +
        'consecutive examples becomes one example with their channels side by side, so the batch shrinks by this ' +
        'factor and the last dim grows by it. 1 leaves x unchanged. The batch must divide by it.',
    ),
});
export type PackParams = z.infer<typeof zPackParams>;

const TYPE = 'layers.pack';

/**
 * PacGAN packing (Lin et al. 2018): x [B, ...rest, C] → [B/m, ...rest, m·C], where example
 * b = g·m + i of x is member i of packed example g and fills channels [i·C, (i+1)·C). The
 * same as PyTorch's `x.view(B/m, m, ...rest, C).permute(0, 2, …, 1, last).reshape(B/m, ...rest, m·C)`.
 * Only reshapes and a transpose, so autograd gives the gradient (the inverse permutation).
 */
export function packGroups(x: tf.Tensor, m: number): tf.Tensor {
  return tf.tidy(() => {
    const [b, ...rest] = x.shape;
    if (b === undefined || rest.length === 0) throw new Error(`expected [B, ..., C], got [${x.shape.join(', ')}]`);
    if (b % m !== 0) throw new Error(`a batch of ${b} does not divide into groups of ${m}`);
    const c = rest.at(-1)!;
    const middle = rest.slice(0, -1);
    const grouped = tf.reshape(x, [b / m, m, ...middle, c]);
    // Move the member axis from 1 to just before the channels: [B/m, ...middle, m, C].
    const perm = [0, ...middle.map((_, i) => i + 2), 1, middle.length + 2];
    return tf.reshape(tf.transpose(grouped, perm), [b / m, ...middle, m * c]);
  });
}

/** The packed batch: b / m for a number, a new symbol (`B_<nodeId>`) for a symbol unless m = 1. */
function packedBatch(batch: Dim, m: number, nodeId: string): Dim | { error: string } {
  if (m === 1) return batch;
  if (isSymbol(batch)) return derivedSymbol(batch, nodeId);
  if (batch % m !== 0) return { error: `a batch of ${batch} does not divide into groups of ${m}; choose groups (${m}) or the batch size (${batch}) so that the batch is a multiple of groups` };
  return batch / m;
}

export const pack = defineNode({
  type: TYPE,
  version: 1,
  category: 'layer',
  title: 'Pack (PacGAN)',
  description: 'Concatenate each run of `groups` consecutive examples along the last axis: [B, ..., C] → [B/m, ..., m·C].',
  params: zPackParams,
  inputs: [{ name: 'x', contract: { role: 'tensor' }, description: 'Features [B, F] or maps [B, H, W, C] (any rank ≥ 2).' }],
  outputs: [{ name: 'y', contract: { role: 'tensor' }, description: '[B/m, ..., m·C]: examples g·m … g·m + m − 1 of x, in that order, side by side on the last axis.' }],
  docs:
    'PacGAN (Lin et al. 2018): the discriminator judges m samples jointly, so a generator that keeps ' +
    'producing the same few samples is easier to tell apart from real data, which pushes it towards covering ' +
    'more modes. Put it first in D (before its first convolution or dense layer): D then sees m·C input ' +
    'channels and gives one score per pack, and the GAN loss is over B/m packs. Packs are made of consecutive ' +
    'examples (for m = 2, examples 0 and 1 become the channels of pack 0), so real and fake batches must be packed ' +
    'separately (as the GAN templates do, applying D to each) and the batch must be a multiple of m. The output ' +
    'batch is a new symbol B_<node id> standing for B/m. With data-parallel workers, each worker\'s shard ' +
    'of the batch must divide into whole groups (a batch size divisible by workers × groups).',
  // Groups are runs of consecutive rows and shards are too: when every shard divides into
  // whole groups, each worker packs exactly its rows' groups of the one-worker run.
  dataParallel: ({ params, inputs, batchSize, workers }) => {
    const rows = single(inputs, 'x')?.shape?.[0];
    const m = params.groups;
    const n = rows === 'B' ? batchSize : rows;
    if (typeof n !== 'number') return { unsupported: `its input's batch (${String(rows)}) is not the run's batch, so whether each worker's shard divides into groups of ${m} is unknown` };
    if ((n / workers) % m !== 0) {
      return { unsupported: `each worker's shard of ${n / workers} rows does not divide into groups of ${m}; use a batch size divisible by ${workers * m} (workers × groups)` };
    }
    return 'rowwise';
  },
  infer(ctx): InferResult {
    const x = single(ctx.inputs, 'x');
    if (!x?.shape) return { outputs: { y: { role: x?.role ?? 'tensor' } } };
    if (x.shape.length < 2) return { errors: [{ port: 'x', message: `expected [B, ..., C] (rank ≥ 2), got ${formatShape(x.shape)}` }] };
    const m = ctx.params.groups;
    const batch = packedBatch(x.shape[0]!, m, ctx.nodeId);
    if (typeof batch === 'object') return { errors: [{ port: 'x', message: batch.error }] };
    const last = x.shape.length - 1;
    const shape = x.shape.map((d, i) => (i === 0 ? batch : i === last ? mapDim(d, ctx.nodeId, m === 1, (n) => n * m) : d));
    return { outputs: { y: { role: x.role, dtype: x.dtype ?? 'float32', shape } } };
  },
  build(ctx) {
    const m = ctx.params.groups;
    return {
      forward(inputs) {
        const x = inputs.tensor('x');
        try {
          return { y: packGroups(x, m) };
        } catch (e) {
          throw new Error(`${TYPE} (${ctx.nodeId}): ${(e as Error).message}; use a batch size that is a multiple of groups (${m})`);
        }
      },
    };
  },
});
