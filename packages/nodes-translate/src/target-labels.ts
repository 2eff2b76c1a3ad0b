import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, gatherRows, shardRows } from '@ganvas/core';
import type { Rng } from '@ganvas/core';

export const zTargetLabelsParams = z.object({
  datasets: z
    .number()
    .int()
    .nonnegative()
    .default(0)
    .describe(
      'With a mask vector: the number n of datasets, whose one-hot m ends each row; rows are then permuted only among rows of the same dataset. 0: no mask vector.',
    ),
});
export type TargetLabelsParams = z.infer<typeof zTargetLabelsParams>;

/**
 * The dataset of each row: the argmax of its last `n` entries (the mask m), read on the CPU
 * because the permutation is drawn there.
 */
function datasetsOf(labels: tf.Tensor, n: number): number[] {
  const [b, w] = labels.shape as [number, number];
  const v = labels.dataSync();
  return Array.from({ length: b }, (_, r) => {
    let best = 0;
    for (let d = 1; d < n; d++) if (v[r * w + w - n + d]! > v[r * w + w - n + best]!) best = d;
    return best;
  });
}

/** Row order: a random permutation within each group of rows (all rows one group when groups is undefined). */
export function permuteWithinGroups(rng: Rng, groups: number[]): number[] {
  const order = groups.map((_, i) => i);
  const byGroup = new Map<number, number[]>();
  groups.forEach((g, i) => byGroup.set(g, [...(byGroup.get(g) ?? []), i]));
  for (const rows of byGroup.values()) {
    const p = rng.permutation(rows.length);
    rows.forEach((row, i) => (order[row] = rows[p[i]!]!));
  }
  return order;
}

/**
 * StarGAN's target domains: the batch's own labels in a random order (the official code's
 * `c_trg = c_org[randperm]`), so targets follow the data's label distribution.
 */
export const targetLabels = defineNode({
  type: 'i2i.targetLabels',
  version: 1,
  category: 'data',
  title: 'Target labels',
  description: 'A random permutation of the batch’s label rows (StarGAN target domains), drawn from the run’s random stream.',
  docs: [
    'Every evaluation draws a fresh permutation from the evaluation random stream, so runs are reproducible.',
    'With a mask vector (`datasets` = n > 0), each row keeps its dataset: rows are permuted among rows whose',
    'mask m (the last n entries) names the same dataset, so a target c̃ always sets labels of one dataset.',
  ].join('\n'),
  params: zTargetLabelsParams,
  inputs: [{ name: 'label', contract: { role: 'label', shape: ['B', 'K'] }, description: 'The batch’s original labels (or c̃).' }],
  outputs: [{ name: 'label', contract: { role: 'label', shape: ['B', 'K'] }, description: 'The same rows, permuted.' }],
  // The permutation mixes rows of the whole batch: in data-parallel training every worker
  // gathers the batch's labels, draws the one permutation a single worker would, keeps its rows.
  dataParallel: 'shardAware',
  build(ctx) {
    const n = ctx.params.datasets;
    return {
      forward(inputs, fctx) {
        const local = inputs.tensor('label');
        if (local.rank !== 2) throw new Error(`node ${ctx.nodeId}: "label" must be [B, K], got [${local.shape.join(', ')}]`);
        if (n > local.shape[1]!) throw new Error(`node ${ctx.nodeId}: ${n} datasets but rows have only ${local.shape[1]} entries`);
        return tf.tidy(() => {
          const labels = gatherRows(fctx, local);
          const groups = n > 0 ? datasetsOf(labels, n) : new Array<number>(labels.shape[0]!).fill(0);
          const order = permuteWithinGroups(fctx.rng, groups);
          return { label: shardRows(fctx, tf.gather(labels, tf.tensor1d(order, 'int32'))) };
        });
      },
    };
  },
});
