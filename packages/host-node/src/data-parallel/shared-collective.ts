import { GroupAbort, type Collective } from '@ganvas/core';

/**
 * The collective of a data-parallel run in one process: every replica (the main thread and
 * worker threads) shares two SharedArrayBuffers and meets at barriers made of Atomics, with
 * no message round trip per operation.
 *
 * - An all-reduce writes this replica's values into its slot, waits at the barrier, then every
 *   replica sums the slots in replica order: all get the same bits, so replicas stay identical.
 *   Slots alternate between two banks from call to call, so a replica that runs ahead into the
 *   next call cannot overwrite a slot another replica is still reading.
 * - Every wait has a timeout and watches an abort word: a replica that fails writes why and
 *   sets it, which wakes every waiter (they throw {@link ReplicaAbort}); one that does not
 *   arrive in time is named by the replica that gave up waiting.
 * - A per-replica busy word lets the first replica wait, between steps, until the others have
 *   finished (or rolled back) the previous step before it resets the barrier and starts the next.
 */

/** Int32 control words. */
const GEN = 0; // barrier generation
const ARRIVED = 1; // replicas arrived at the current barrier
const ABORT = 2; // 0, or 1 + the replica that wrote the abort message
const HEADER = 4;
/**
 * Per-replica words after the header: LEN of the call in bank 0 and bank 1 (a replica one call
 * ahead writes the other bank's), SEEN (last barrier generation arrived at + 1), BUSY.
 */
const PER_REPLICA = 4;
const LEN = 0;
const SEEN = 2;
const BUSY = 3;
const MESSAGE_BYTES = 2048;

/** The shared memory of one group; structured-cloneable into worker threads. */
export interface GroupMemory {
  count: number;
  /** Largest all-reduce, in float32 values. */
  capacity: number;
  control: SharedArrayBuffer;
  data: SharedArrayBuffer;
}

export function allocateGroupMemory(count: number, capacity: number): GroupMemory {
  if (!Number.isInteger(count) || count < 1) throw new Error(`a group needs a positive whole number of replicas, got ${count}`);
  const ints = HEADER + PER_REPLICA * count;
  return {
    count,
    capacity,
    control: new SharedArrayBuffer(ints * 4 + count * MESSAGE_BYTES),
    data: new SharedArrayBuffer(2 * count * capacity * 4),
  };
}

/** Thrown by a wait when the group aborted: another replica failed, or one did not arrive in time. */
export class ReplicaAbort extends GroupAbort {
  constructor(
    /** The replica named as the cause. */
    readonly replica: number,
    message: string,
  ) {
    super(message);
  }
}

/** What names a replica in messages (the CLI calls replicas workers, 0 being the main thread). */
export const replicaName = (index: number): string => `worker ${index}`;

export class SharedCollective implements Collective {
  private readonly ctrl: Int32Array;
  private readonly messages: Uint8Array;
  private readonly data: Float32Array;
  private calls = 0;

  constructor(
    readonly memory: GroupMemory,
    readonly index: number,
    /** Longest wait for the other replicas at any one point, ms. */
    readonly timeoutMs: number,
  ) {
    if (!Number.isInteger(index) || index < 0 || index >= memory.count) throw new Error(`replica ${index} is not in a group of ${memory.count}`);
    const ints = HEADER + PER_REPLICA * memory.count;
    this.ctrl = new Int32Array(memory.control, 0, ints);
    this.messages = new Uint8Array(memory.control, ints * 4);
    this.data = new Float32Array(memory.data);
  }

  get count(): number {
    return this.memory.count;
  }

  private word(replica: number, which: number): number {
    return HEADER + replica * PER_REPLICA + which;
  }

  /**
   * Every replica puts `values` (at most `capacity`) in its slot of the next bank and waits for
   * the others; returns a view of replica r's values. All must give the same length.
   */
  private exchange(values: Float32Array, verb: string): (r: number) => Float32Array {
    const { count, capacity } = this.memory;
    const n = values.length;
    if (n > capacity) {
      throw new Error(`an all-reduce of ${n} values exceeds the shared buffer of ${capacity} values per worker`);
    }
    const which = this.calls++ & 1;
    const bank = which * count * capacity;
    this.data.set(values, bank + this.index * capacity);
    Atomics.store(this.ctrl, this.word(this.index, LEN + which), n);
    this.barrier();
    for (let r = 0; r < count; r++) {
      const m = Atomics.load(this.ctrl, this.word(r, LEN + which));
      if (m !== n) {
        const message = `workers out of step: ${replicaName(this.index)} ${verb} ${n} values where ${replicaName(r)} ${verb} ${m} (do they train the same graph?)`;
        this.abort(message);
        throw new ReplicaAbort(r, message);
      }
    }
    // A bank is written again two calls later, after the next call's barrier: by then every
    // replica has read this one.
    return (r) => this.data.subarray(bank + r * capacity, bank + r * capacity + n);
  }

  /**
   * Every replica's `values` one after another in replica order (the same everywhere). Longer
   * than the shared buffer, it goes through in pieces (each replica makes the same calls).
   */
  allGather(values: Float32Array): Float32Array {
    const { count, capacity } = this.memory;
    const n = values.length;
    const out = new Float32Array(n * count);
    const pieces = Math.max(1, Math.ceil(n / capacity));
    for (let p = 0; p < pieces; p++) {
      const from = p * capacity;
      const slot = this.exchange(values.subarray(from, Math.min(n, from + capacity)), 'gathered');
      for (let r = 0; r < count; r++) out.set(slot(r), r * n + from);
    }
    return out;
  }

  allReduceMean(values: Float32Array): Float32Array {
    const count = this.memory.count;
    const n = values.length;
    const slot = this.exchange(values, 'reduced');
    // Replica order, the same in every replica: identical bits everywhere. The division is
    // fused into the last pass (one rounding to float32 for two replicas).
    const out = slot(0).slice();
    for (let r = 1; r < count - 1; r++) {
      const s = slot(r);
      for (let i = 0; i < n; i++) out[i]! += s[i]!;
    }
    if (count > 1) {
      const last = slot(count - 1);
      for (let i = 0; i < n; i++) out[i] = (out[i]! + last[i]!) / count;
    }
    return out;
  }

  /** Wait until every replica has arrived here (the same call in every replica). */
  barrier(): void {
    const c = this.ctrl;
    const gen = Atomics.load(c, GEN);
    this.throwIfAborted();
    Atomics.store(c, this.word(this.index, SEEN), gen + 1);
    if (Atomics.add(c, ARRIVED, 1) === this.memory.count - 1) {
      Atomics.store(c, ARRIVED, 0);
      Atomics.add(c, GEN, 1);
      Atomics.notify(c, GEN);
      return;
    }
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      if (Atomics.load(c, GEN) !== gen) return;
      this.throwIfAborted();
      const left = deadline - Date.now();
      if (left <= 0) {
        const missing = [...Array(this.memory.count).keys()].filter((r) => Atomics.load(c, this.word(r, SEEN)) !== gen + 1);
        const who = missing.map(replicaName).join(', ') || 'a worker';
        const message = `${who} did not arrive within ${(this.timeoutMs / 1000).toFixed(1)} s (stuck, or its thread ended)`;
        this.abort(message);
        throw new ReplicaAbort(missing[0] ?? -1, message);
      }
      // Short slices: an abort's wake-up can fall between the check above and this wait.
      Atomics.wait(c, GEN, gen, Math.min(left, 200));
    }
  }

  /**
   * Abort the group with `message` (naming the replica at fault), unless another replica
   * already did. Wakes every waiter. Returns false when the group was already aborted.
   */
  abort(message: string): boolean {
    const bytes = new TextEncoder().encode(message).subarray(0, MESSAGE_BYTES - 4);
    const slot = this.index * MESSAGE_BYTES;
    new DataView(this.messages.buffer, this.messages.byteOffset + slot, 4).setUint32(0, bytes.length, true);
    this.messages.set(bytes, slot + 4);
    const won = Atomics.compareExchange(this.ctrl, ABORT, 0, this.index + 1) === 0;
    Atomics.notify(this.ctrl, GEN);
    return won;
  }

  /** The abort in force: who wrote it and the message; undefined when none. */
  aborted(): { by: number; message: string } | undefined {
    const v = Atomics.load(this.ctrl, ABORT);
    if (v === 0) return undefined;
    const by = v - 1;
    const slot = by * MESSAGE_BYTES;
    const length = new DataView(this.messages.buffer, this.messages.byteOffset + slot, 4).getUint32(0, true);
    return { by, message: new TextDecoder().decode(this.messages.slice(slot + 4, slot + 4 + length)) };
  }

  private throwIfAborted(): void {
    const a = this.aborted();
    if (a) throw new ReplicaAbort(a.by, a.message);
  }

  /** Every replica, at the start of each step: collectives start from the first bank again. */
  startStep(): void {
    this.calls = 0;
  }

  setBusy(replica: number, busy: boolean): void {
    Atomics.store(this.ctrl, this.word(replica, BUSY), busy ? 1 : 0);
    Atomics.notify(this.ctrl, this.word(replica, BUSY));
  }

  isBusy(replica: number): boolean {
    return Atomics.load(this.ctrl, this.word(replica, BUSY)) === 1;
  }

  /** Wait until `replica` is idle; false on timeout. */
  waitIdle(replica: number, timeoutMs = this.timeoutMs): boolean {
    const deadline = Date.now() + timeoutMs;
    const w = this.word(replica, BUSY);
    while (Atomics.load(this.ctrl, w) === 1) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      Atomics.wait(this.ctrl, w, 1, Math.min(left, 200));
    }
    return true;
  }

  /**
   * Clear the barrier and any abort for a new step. Only while no other replica is inside a
   * step (the first replica calls it once the others are idle).
   */
  reset(): void {
    Atomics.store(this.ctrl, ARRIVED, 0);
    Atomics.store(this.ctrl, ABORT, 0);
  }
}
