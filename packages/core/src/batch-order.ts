import type { ForwardContext, NodeState } from './node-definition.js';
import { Rng } from './rng.js';
import { z } from 'zod';

/**
 * Which examples of a split a data source draws for each batch — shared by every source
 * (built-in and third-party) so that all of them checkpoint, resume and evaluate alike.
 *
 * - `shuffle`: epochs over a permutation. Each epoch draws one seed from the forward rng, the
 *   permutation is `new Rng(seed).permutation(count)`, and a cursor walks it; a batch that runs
 *   past the end continues in the next epoch. State is (count, seed, epoch, cursor): tiny, and a
 *   resumed run regenerates the permutation. Only `purpose === 'train'` advances it; previews
 *   and evaluations draw at random from their own stream, so they never change training.
 * - `random`: independent draws with replacement from the forward rng. Stateless.
 * - `sequential`: the split in index order, wrapping; advances for every purpose, so an
 *   evaluation of ⌈count / batch⌉ batches covers every example once.
 */
export const zBatchOrder = z
  .enum(['shuffle', 'random', 'sequential'])
  .default('shuffle')
  .describe(
    'shuffle: epochs over a random permutation (every example once per epoch; resumable). ' +
      'random: examples drawn independently with replacement. ' +
      'sequential: the split in its fixed order (an evaluation covers every example once).',
  );
export type BatchOrderKind = z.infer<typeof zBatchOrder>;

export const zShuffleState = z.strictObject({
  order: z.literal('shuffle'),
  /** Size of the split; a mismatch means the data changed since the checkpoint. */
  count: z.number().int().nonnegative(),
  /** Seed of the current epoch's permutation; null before the first batch. */
  seed: z.number().int().nonnegative().nullable(),
  epoch: z.number().int().nonnegative(),
  cursor: z.number().int().nonnegative(),
});

export const zSequentialState = z.strictObject({
  order: z.literal('sequential'),
  count: z.number().int().nonnegative(),
  cursor: z.number().int().nonnegative(),
});

const zOrderState = z.discriminatedUnion('order', [zShuffleState, zSequentialState]);
type OrderState = z.infer<typeof zOrderState>;

/** Draws the indices of one source's batches; one per independently ordered stream. */
export class BatchOrder {
  private seed: number | null = null;
  private epoch = 0;
  private cursor = 0;
  private perm: Int32Array | undefined;

  constructor(
    readonly order: BatchOrderKind,
    readonly count: number,
    /** Names the source in errors, e.g. `images.shapes (train)`. */
    private readonly what: string,
  ) {
    if (!Number.isInteger(count) || count <= 0) throw new Error(`${what}: cannot draw batches from an empty split`);
  }

  /** Indices of the next batch of `size` for this evaluation. */
  next(size: number, fctx: Pick<ForwardContext, 'rng' | 'purpose'>): Int32Array {
    const out = new Int32Array(size);
    if (this.order === 'sequential') {
      for (let i = 0; i < size; i++) {
        out[i] = this.cursor;
        this.cursor = (this.cursor + 1) % this.count;
      }
    } else if (this.order === 'shuffle' && fctx.purpose === 'train') {
      for (let i = 0; i < size; i++) {
        if (!this.perm || this.cursor >= this.count) this.startEpoch(fctx.rng.seed());
        out[i] = this.perm![this.cursor++]!;
      }
    } else {
      for (let i = 0; i < size; i++) out[i] = fctx.rng.int(this.count);
    }
    return out;
  }

  /** Whether this order has state worth checkpointing. */
  get stateful(): boolean {
    return this.order !== 'random';
  }

  getState(): OrderState | null {
    if (this.order === 'shuffle') {
      return { order: 'shuffle', count: this.count, seed: this.seed, epoch: this.epoch, cursor: this.cursor };
    }
    if (this.order === 'sequential') return { order: 'sequential', count: this.count, cursor: this.cursor };
    return null;
  }

  setState(raw: unknown): void {
    if (this.order === 'random') return;
    // Checkpoints written before this helper moved into core saved a shuffle as
    // {count, seed, epoch, cursor} without the `order` tag: read them as shuffles.
    const legacy = typeof raw === 'object' && raw !== null && !('order' in raw) && 'epoch' in raw;
    const parsed = zOrderState.safeParse(legacy ? { order: 'shuffle', ...raw } : raw);
    if (!parsed.success) throw new Error(`${this.what}: bad batch-order state: ${z.prettifyError(parsed.error)}`);
    const s = parsed.data;
    if (s.order !== this.order) throw new Error(`${this.what}: batch-order state is for order "${s.order}", this source uses "${this.order}"`);
    if (s.count !== this.count) {
      throw new Error(`${this.what}: batch-order state is for a split of ${s.count} examples, this one has ${this.count}`);
    }
    if (s.cursor > s.count || (s.order === 'sequential' && s.cursor >= s.count)) {
      throw new Error(`${this.what}: batch-order state: cursor ${s.cursor} is past the end (${s.count})`);
    }
    this.cursor = s.cursor;
    if (s.order === 'shuffle') {
      this.seed = s.seed;
      this.epoch = s.epoch;
      this.perm = s.seed === null ? undefined : new Rng(s.seed).permutation(this.count);
    }
  }

  private startEpoch(seed: number): void {
    this.seed = seed;
    this.perm = new Rng(seed).permutation(this.count);
    this.cursor = 0;
    this.epoch++;
  }
}

/**
 * getState/setState for a node drawing from several named streams (e.g. CycleGAN's two
 * domains): `{ json: { a: …, b: … } }`. Returns nothing when no stream keeps state.
 */
export function orderStateHandlers(orders: Record<string, BatchOrder>): {
  getState?: () => NodeState;
  setState?: (state: NodeState) => void;
} {
  const entries = Object.entries(orders).filter(([, o]) => o.stateful);
  if (entries.length === 0) return {};
  return {
    getState: () => ({ json: Object.fromEntries(entries.map(([k, o]) => [k, o.getState()])) }),
    setState: (state) => {
      const json = state.json as Record<string, unknown> | null | undefined;
      if (typeof json !== 'object' || json === null) throw new Error('bad batch-order state: expected an object');
      for (const [k, o] of entries) {
        if (!(k in json)) throw new Error(`bad batch-order state: no entry for stream "${k}"`);
        o.setState(json[k]);
      }
    },
  };
}
