import * as tf from '@tensorflow/tfjs-core';
import type { Contract } from './contract.js';
import type { ForwardContext } from './node-definition.js';
import type { StepError } from './trainer.js';

/**
 * Data-parallel training: N replicas of one compiled graph (same seed, same weights) each
 * compute an equal row shard of every training batch; their gradients are averaged and every
 * replica applies the same update. The engine defines the hooks and the node-side helpers;
 * a host provides the replicas and the collective (e.g. worker threads over shared memory).
 *
 * For the result to equal the one-replica run, every node on the training path must know
 * how it behaves on a shard — see {@link DataParallelSupport}.
 */

/** Synchronous collective operations across the replicas of one data-parallel run. */
/**
 * What a {@link Collective} throws when the group aborted (another replica failed, or one did
 * not arrive in time). The failure is not the node that happened to be waiting: node error
 * reports pass it through unchanged.
 */
export class GroupAbort extends Error {}

export interface Collective {
  /**
   * Elementwise mean over every replica of `values`. Every replica calls it at the same
   * point of the same computation with the same length, and every replica gets the same
   * result (bitwise). Blocks until all have contributed; throws when the group aborts
   * (another replica failed, or one did not arrive in time) with a {@link GroupAbort}. The input is not kept.
   */
  allReduceMean(values: Float32Array): Float32Array;
  /**
   * Every replica's `values` (all of one length) one after another in replica order, the
   * same in every replica. Called like `allReduceMean`. Optional: a collective without it
   * cannot run nodes that need the whole batch's rows (see {@link gatherRows}).
   */
  allGather?(values: Float32Array): Float32Array;
}

/** Which rows of a training batch an evaluation computes: shard `index` of `count` equal ones. */
export interface Shard {
  readonly index: number;
  readonly count: number;
  readonly collective: Collective;
}

/**
 * Makes a trainer one replica of a data-parallel run (`CompileOptions.replica`). The trainer
 * averages each update's loss and gradients through the collective and calls the step hooks,
 * so a step commits in every replica or rolls back in every replica.
 */
export interface Replica extends Shard {
  /** First thing in `runStep` (e.g. the first replica starts the others' step). */
  beginStep?(step: number): void;
  /** After every phase of the step succeeded here: returns once every replica did, throws if one failed. */
  commitStep(): void;
  /**
   * This replica's step failed (its own error, or one the collective threw because another
   * replica failed): release the other replicas. Returns the error `runStep` throws, e.g.
   * with the replica named.
   */
  abortStep(error: StepError): StepError;
}

/**
 * How a node type behaves when data-parallel training splits every training batch into
 * equal row shards, one per replica:
 * - `rowwise`: each output row depends only on the same rows of its inputs (and on weights
 *   and params), and it draws no randomness: dense, conv, activations, per-sample norms.
 * - `batchMean`: a loss that is a mean over the batch of per-row terms, or a linear
 *   combination of such losses: the full batch's loss is the mean of the shards' losses.
 * - `shardAware`: reads `ForwardContext.shard` itself: sources and per-row randomness draw
 *   for the full batch and keep their rows ({@link shardRows}, {@link drawForShard}); batch
 *   statistics are averaged across replicas ({@link replicaMean}).
 * - `batchless`: touches no batch rows (networks, optimizers, schedules, phase modifiers).
 * - `{ unsupported }`: cannot be split; a data-parallel run refuses the graph with the reason.
 */
export type DataParallelSupport = 'rowwise' | 'batchMean' | 'shardAware' | 'batchless' | { unsupported: string };

/** What a node's `dataParallel` function is told about one graph split across workers. */
export interface DataParallelQuery<P = Record<string, unknown>> {
  params: P;
  /** The node's input contracts, as analysis inferred them. */
  inputs: Record<string, Contract | Contract[] | undefined>;
  /** The run's batch size (the value of the batch symbol `B`). */
  batchSize: number;
  workers: number;
}

type ShardContext = Pick<ForwardContext, 'shard'>;

function active(fctx: ShardContext): Shard | undefined {
  const s = fctx.shard;
  return s && s.count > 1 ? s : undefined;
}

/**
 * Rows `[start, end)` of a batch of `rows` that this evaluation computes: all of them, or
 * this replica's equal share in data-parallel training. Throws when `rows` does not split.
 */
export function shardRange(fctx: ShardContext, rows: number): [number, number] {
  const s = active(fctx);
  if (!s) return [0, rows];
  if (rows % s.count !== 0) {
    throw new Error(`a batch of ${rows} rows does not split into ${s.count} equal shards (one per worker)`);
  }
  const n = rows / s.count;
  return [s.index * n, (s.index + 1) * n];
}

/** This evaluation's rows (dim 0) of a full-batch tensor: the tensor itself when unsharded. */
export function shardRows<T extends tf.Tensor>(fctx: ShardContext, t: T): T {
  const rows = t.shape[0];
  if (rows === undefined) throw new Error('shardRows needs a tensor with a batch dim');
  const [start, end] = shardRange(fctx, rows);
  if (start === 0 && end === rows) return t;
  return tf.slice(t, start, end - start) as T;
}

/**
 * The whole batch's rows of `t` (dim 0), when each replica holds its shard of them: the
 * replicas' rows in order, as a one-replica run would have them. `t` itself when unsharded.
 * For nodes that mix rows across the batch (a permutation of its labels, a pool of past
 * images): they compute on the whole batch identically in every replica and keep their rows
 * with {@link shardRows}. No gradient flows back through it.
 */
export function gatherRows(fctx: ShardContext, t: tf.Tensor): tf.Tensor {
  const s = active(fctx);
  if (!s) return t;
  if (!s.collective.allGather) throw new Error('this data-parallel group cannot gather the whole batch (its collective has no allGather)');
  const all = s.collective.allGather(t.dtype === 'float32' ? (t.dataSync() as Float32Array) : Float32Array.from(t.dataSync()));
  const shape = [t.shape[0]! * s.count, ...t.shape.slice(1)];
  return t.dtype === 'int32' ? tf.tensor(Int32Array.from(all), shape, 'int32') : tf.tensor(all, shape, 'float32');
}

/**
 * Per-row randomness for this evaluation's rows: `draw` gets the full batch's shape (dim 0
 * of `shape` times the replica count) and draws once from the same stream as a one-replica
 * run would; the shard's rows are kept. `shape` is the shard's own (e.g. the input's).
 */
export function drawForShard(fctx: ShardContext, shape: readonly number[], draw: (shape: number[]) => tf.Tensor): tf.Tensor {
  const s = active(fctx);
  if (!s) return draw([...shape]);
  const full = [shape[0]! * s.count, ...shape.slice(1)];
  return tf.tidy(() => shardRows(fctx, draw(full)));
}

/**
 * Mean of `x` over every replica (same shape everywhere): a batch statistic computed on a
 * shard becomes the full batch's. The gradient is the mean of the replicas' incoming
 * gradients — the derivative of the total loss Σ_r L_r through the shared value — so with
 * losses and gradients averaged over replicas the result equals the full batch's. `x` itself
 * outside data-parallel training. Not twice differentiable.
 */
export function replicaMean<T extends tf.Tensor>(fctx: ShardContext, x: T): T {
  const s = active(fctx);
  if (!s) return x;
  const reduce = (t: tf.Tensor): tf.Tensor =>
    tf.tensor(s.collective.allReduceMean(t.dataSync() as Float32Array), t.shape, 'float32');
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: reduce(args[0] as tf.Tensor),
    gradFunc: (dy: tf.Tensor) => reduce(dy),
  }));
  return op(x) as T;
}
