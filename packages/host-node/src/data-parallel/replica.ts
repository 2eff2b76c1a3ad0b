import { createHash } from 'node:crypto';
import { StepError, type Replica, type Trainer } from '@ganvas/core';
import { ReplicaAbort, replicaName, type SharedCollective } from './shared-collective.js';

/**
 * A trainer's side of the group (core's Replica hooks) over a SharedCollective. Every
 * replica resets its collective at the start of a step and meets the others at a commit
 * barrier at its end; a failure aborts the group with a message naming this worker.
 */
export class SharedReplica implements Replica {
  constructor(
    readonly collective: SharedCollective,
    /** The first replica starts the others' step here (after they finished the previous one). */
    private readonly startOthers?: (step: number) => void,
  ) {}

  get index(): number {
    return this.collective.index;
  }

  get count(): number {
    return this.collective.count;
  }

  beginStep(step: number): void {
    this.collective.startStep();
    this.startOthers?.(step);
  }

  commitStep(): void {
    this.collective.barrier();
  }

  abortStep(error: StepError): StepError {
    // The collective threw because another worker failed or did not arrive: its message names it.
    if (error.cause instanceof ReplicaAbort) return error;
    const detail = `${replicaName(this.index)}: ${error.detail}`;
    this.collective.abort(detail);
    return new StepError(error.phase, error.step, detail, error.cause ?? error);
  }
}

/** Hash of everything a checkpoint of `trainer` holds: replicas in step have the same one. */
export function stateChecksum(trainer: Trainer): string {
  const c = trainer.snapshot();
  const hash = createHash('sha256');
  hash.update(JSON.stringify(c.meta));
  for (const name of Object.keys(c.tensors).sort()) {
    const t = c.tensors[name]!;
    hash.update(`${name}:${t.dtype}:${t.shape.join('x')}`);
    hash.update(new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength));
  }
  return hash.digest('hex').slice(0, 16);
}
