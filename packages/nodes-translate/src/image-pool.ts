import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, gatherRows, shardRange } from '@ganvas/core';
import type { NodeState } from '@ganvas/core';

export const zImagePoolParams = z.object({
  size: z.number().int().nonnegative().default(50).describe('Images kept (CycleGAN: 50); 0 passes every batch through.'),
  swapProbability: z
    .number()
    .min(0)
    .max(1)
    .default(0.5)
    .describe('Once full, the chance that an incoming image is swapped for a stored one (CycleGAN: 0.5).'),
});
export type ImagePoolParams = z.infer<typeof zImagePoolParams>;

/**
 * Plan of one query, as in PyTorch CycleGAN's ImagePool: while the pool is not full, each
 * image is stored and returned; once full, with probability p a random stored image is
 * returned and replaced by the incoming one, otherwise the incoming image is returned.
 * Indices refer to [stored images…, incoming images…]; `stored` is the new pool's content.
 */
export function planQuery(
  rng: { uniform(): number; int(n: number): number },
  storedCount: number,
  incoming: number,
  p: ImagePoolParams,
): { returned: number[]; stored: number[] } {
  const stored = Array.from({ length: storedCount }, (_, i) => i);
  const returned: number[] = [];
  for (let i = 0; i < incoming; i++) {
    const idx = storedCount + i;
    if (stored.length < p.size) {
      stored.push(idx);
      returned.push(idx);
    } else if (p.size > 0 && rng.uniform() < p.swapProbability) {
      const j = rng.int(p.size);
      returned.push(stored[j]!);
      stored[j] = idx;
    } else {
      returned.push(idx);
    }
  }
  return { returned, stored };
}

/**
 * CycleGAN's history of generated images (Shrivastava et al.): the discriminator sees a mix of
 * the current fakes and fakes from earlier steps, which damps oscillation. Stateful: the stored
 * images live across steps and in checkpoints (tensor `images`), and the pool only changes
 * when the graph is evaluated for training.
 */
export const imagePool = defineNode({
  type: 'i2i.imagePool',
  version: 1,
  category: 'training',
  title: 'Image pool',
  description: 'Returns a batch mixing the incoming fakes with up to `size` stored past fakes (CycleGAN, 50% swap rule).',
  docs: [
    'Follows `ImagePool.query` of the PyTorch CycleGAN code: until `size` images are stored, every incoming image is',
    'stored and returned; afterwards each incoming image is, with probability `swapProbability`, swapped for a',
    'uniformly chosen stored image (which is returned), else returned itself. Random draws come from the run’s',
    'stream. Sampling and evaluation pass the batch through unchanged and leave the pool alone.',
    'Stored images are constants (no gradient flows into past generators).',
    '',
    'With data-parallel workers every worker gathers the whole batch and keeps the same pool, so the run trains',
    'what one worker trains, with one difference: a fake swapped in from another worker’s rows carries no gradient',
    'back to its generator. CycleGAN feeds the pool only to the discriminators’ losses, whose updates never reach',
    'the generators, so it is unaffected; a graph that trains a generator through the pool would not be.',
  ].join('\n'),
  dataParallel: 'shardAware',
  params: zImagePoolParams,
  inputs: [{ name: 'image', contract: { role: 'image', shape: ['B', 'H', 'W', 'C'] }, description: 'Generated images this step.' }],
  outputs: [{ name: 'image', contract: { role: 'image', shape: ['B', 'H', 'W', 'C'] }, description: 'The batch for the discriminator.' }],
  build(ctx) {
    const p = ctx.params;
    /** Stored images [n, H, W, C], kept outside every tidy scope; undefined while empty. */
    let images: tf.Tensor | undefined;
    const replace = (next: tf.Tensor | undefined) => {
      images?.dispose();
      images = next;
    };
    return {
      forward(inputs, fctx) {
        const x = inputs.tensor('image');
        if (fctx.purpose !== 'train' || p.size === 0) return { image: tf.clone(x) };
        if (images && images.shape.slice(1).join() !== x.shape.slice(1).join()) {
          throw new Error(`node ${ctx.nodeId}: incoming images [${x.shape.join(', ')}] differ from the stored ones [${images.shape.join(', ')}]`);
        }
        const count = images?.shape[0] ?? 0;
        // In data-parallel training every worker gathers the whole batch of fakes and runs the
        // one-worker pool on it (same draws, same stored images), then keeps its rows.
        const full = gatherRows(fctx, x);
        const rows = full.shape[0]!;
        const plan = planQuery(fctx.rng, count, rows, p);
        const all = images ? tf.concat([images, full], 0) : full;
        // Kept outside the step's tidy; in later steps it is a constant (a past fake is data).
        const kept = tf.keep(tf.gather(all, tf.tensor1d(plan.stored, 'int32')));
        let out: tf.Tensor;
        if (full === x) {
          out = tf.gather(all, tf.tensor1d(plan.returned, 'int32'));
        } else {
          // This worker's own incoming rows come from x itself, so their gradient flows as in
          // one worker; a fake from another worker's rows arrives as a constant.
          const [start, end] = shardRange(fctx, rows);
          const withLocal = tf.concat([all, x], 0);
          const idx = plan.returned.slice(start, end).map((i) => (i - count >= start && i - count < end ? count + rows + (i - count - start) : i));
          out = tf.gather(withLocal, tf.tensor1d(idx, 'int32'));
        }
        replace(kept);
        return { image: out };
      },
      getState(): NodeState {
        return { json: { count: images?.shape[0] ?? 0 }, tensors: images ? { images } : {} };
      },
      setState(state: NodeState) {
        const t = state.tensors?.['images'];
        replace(t ? tf.keep(tf.clone(t)) : undefined);
      },
      dispose() {
        replace(undefined);
      },
    };
  },
});
