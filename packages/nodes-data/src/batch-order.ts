import { Rng } from '@ganvas/core';
import { z } from 'zod';

/**
 * Which examples a dataset source draws for each batch.
 *
 * `shuffle`: epochs over a random permutation. At the start of each epoch one seed is drawn
 * from the forward rng and the permutation is `new Rng(seed).permutation(count)`; a cursor walks
 * through it batch by batch, and a batch that runs past the end continues in the next epoch's
 * permutation. Only (seed, epoch, cursor) is state, so a checkpoint stays tiny and a resumed
 * run regenerates the same permutation and draws the same next batch.
 *
 * `random`: indices drawn independently, with replacement, from the forward rng. Stateless.
 */
export type BatchOrderKind = 'shuffle' | 'random';

export const zShuffleState = z.object({
  /** Size of the split the permutation is over; a mismatch means the data changed. */
  count: z.number().int().nonnegative(),
  /** Seed of the current epoch's permutation; null before the first batch. */
  seed: z.number().int().nonnegative().nullable(),
  /** Epochs started so far. */
  epoch: z.number().int().nonnegative(),
  /** Position of the next example in the current permutation. */
  cursor: z.number().int().nonnegative(),
});
export type ShuffleState = z.infer<typeof zShuffleState>;

export class ShuffleOrder {
  private seed: number | null = null;
  private epoch = 0;
  private cursor = 0;
  private perm: Int32Array | undefined;

  constructor(private readonly count: number) {
    if (count <= 0) throw new Error('cannot draw batches from an empty split');
  }

  /** The next `size` indices; starts a new epoch (drawing its seed from `rng`) when needed. */
  next(size: number, rng: Rng): Int32Array {
    const out = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      if (!this.perm || this.cursor >= this.count) this.startEpoch(rng.seed());
      out[i] = this.perm![this.cursor++]!;
    }
    return out;
  }

  getState(): ShuffleState {
    return { count: this.count, seed: this.seed, epoch: this.epoch, cursor: this.cursor };
  }

  setState(raw: unknown): void {
    const parsed = zShuffleState.safeParse(raw);
    if (!parsed.success) throw new Error(`bad batch-order state: ${parsed.error.message}`);
    const s = parsed.data;
    if (s.count !== this.count) {
      throw new Error(`batch-order state is for a split of ${s.count} examples, this one has ${this.count}`);
    }
    if (s.cursor > s.count) throw new Error(`batch-order state: cursor ${s.cursor} is past the end (${s.count})`);
    this.seed = s.seed;
    this.epoch = s.epoch;
    this.cursor = s.cursor;
    this.perm = s.seed === null ? undefined : new Rng(s.seed).permutation(this.count);
  }

  private startEpoch(seed: number): void {
    this.seed = seed;
    this.perm = new Rng(seed).permutation(this.count);
    this.cursor = 0;
    this.epoch++;
  }
}

/** `size` indices in [0, count), uniformly with replacement. */
export function randomIndices(count: number, size: number, rng: Rng): Int32Array {
  const out = new Int32Array(size);
  for (let i = 0; i < size; i++) out[i] = rng.int(count);
  return out;
}

/**
 * `sequential`: the split in its fixed index order, wrapping at the end. For evaluation:
 * ⌈count / batch⌉ batches cover every example once. Advances for every purpose.
 */
export class SequentialOrder {
  private cursor = 0;

  constructor(private readonly count: number) {
    if (count <= 0) throw new Error('cannot draw batches from an empty split');
  }

  next(size: number): Int32Array {
    const out = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      out[i] = this.cursor;
      this.cursor = (this.cursor + 1) % this.count;
    }
    return out;
  }

  /** `count` lets an evaluator know how many batches cover the split. */
  getState(): { order: 'sequential'; cursor: number; count: number } {
    return { order: 'sequential', cursor: this.cursor, count: this.count };
  }

  setState(raw: unknown): void {
    const cursor = (raw as { cursor?: unknown } | null)?.cursor;
    if (typeof cursor !== 'number' || !Number.isInteger(cursor) || cursor < 0 || cursor >= this.count) {
      throw new Error(`bad sequential-order state: ${JSON.stringify(raw)}`);
    }
    this.cursor = cursor;
  }
}
