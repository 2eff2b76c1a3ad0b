import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { ReplicaAbort, SharedCollective, allocateGroupMemory, type GroupMemory } from './shared-collective.js';

// The collective across real threads: this test's thread is replica 0, the others run a
// script against the built module (worker threads do not load TypeScript).

const moduleUrl = new URL('../../dist/data-parallel/shared-collective.js', import.meta.url).href;

/**
 * Replica `index` in a thread: runs `body` (JS, with `c` the collective) and posts what it
 * returns or throws. The body may post `{ ready: true }` first (e.g. just before it waits);
 * `onReady` then runs.
 */
function replica(
  memory: GroupMemory,
  index: number,
  timeoutMs: number,
  body: string,
  onReady?: () => void,
): Promise<{ value?: unknown; error?: string; replica?: number }> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    import(workerData.url).then(async ({ SharedCollective }) => {
      const c = new SharedCollective(workerData.memory, workerData.index, workerData.timeoutMs);
      try { parentPort.postMessage({ value: await (async () => { ${body} })() }); }
      catch (e) { parentPort.postMessage({ error: e.message, replica: e.replica }); }
    });`;
  const w = new Worker(code, { eval: true, workerData: { url: moduleUrl, memory, index, timeoutMs } });
  threads.push(w);
  return new Promise((resolve, reject) => {
    w.on('message', (m: { ready?: boolean; value?: unknown; error?: string; replica?: number }) => {
      if (m.ready) onReady?.();
      else resolve(m);
    });
    w.once('error', reject);
  });
}

const threads: Worker[] = [];
afterEach(async () => {
  await Promise.all(threads.splice(0).map((w) => w.terminate()));
});

/** Values replica r contributes to call k (distinct, so any mix-up shows). */
const contribution = (r: number, k: number, n: number) => Float32Array.from({ length: n }, (_, i) => (r + 1) * 0.37 + k * 1.3 + i * 0.011);

describe('SharedCollective', () => {
  it('averages across three threads, call after call, with the same bits everywhere', async () => {
    const memory = allocateGroupMemory(3, 64);
    const lengths = [5, 64, 1, 17, 17, 3];
    const body = (r: number) => `
      const out = [];
      for (const [k, n] of ${JSON.stringify(lengths)}.entries()) {
        const v = Float32Array.from({ length: n }, (_, i) => (${r} + 1) * 0.37 + k * 1.3 + i * 0.011);
        out.push(Array.from(c.allReduceMean(v)));
      }
      return out;`;
    const others = [replica(memory, 1, 5000, body(1)), replica(memory, 2, 5000, body(2))];
    const c = new SharedCollective(memory, 0, 5000);
    const mine = lengths.map((n, k) => Array.from(c.allReduceMean(contribution(0, k, n))));
    const results = await Promise.all(others);
    lengths.forEach((n, k) => {
      const expected = contribution(0, k, n).map((_, i) => (contribution(0, k, n)[i]! + contribution(1, k, n)[i]! + contribution(2, k, n)[i]!) / 3);
      mine[k]!.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    });
    for (const r of results) expect(r.value).toEqual(mine);
  });

  it('gathers every replica’s rows in replica order, in pieces when they exceed the buffer, the same everywhere', async () => {
    const memory = allocateGroupMemory(3, 8);
    const rows = (r: number) => Float32Array.from({ length: 20 }, (_, i) => r * 100 + i);
    const body = (r: number) => `
      const first = Array.from(c.allGather(Float32Array.from({ length: 20 }, (_, i) => ${r} * 100 + i)));
      const second = Array.from(c.allGather(Float32Array.from([${r}])));
      return [first, second];`;
    const others = [replica(memory, 1, 5000, body(1)), replica(memory, 2, 5000, body(2))];
    const c = new SharedCollective(memory, 0, 5000);
    const mine = [Array.from(c.allGather(rows(0))), Array.from(c.allGather(Float32Array.from([0])))];
    expect(mine[0]).toEqual([...rows(0), ...rows(1), ...rows(2)]);
    expect(mine[1]).toEqual([0, 1, 2]);
    for (const r of await Promise.all(others)) expect(r.value).toEqual(mine);
  });

  it("wakes a waiting replica at once when another aborts, with that replica's message", async () => {
    const memory = allocateGroupMemory(2, 8);
    const other = replica(memory, 1, 60_000, `await new Promise((r) => setTimeout(r, 100)); c.abort('worker 1: disk on fire'); return 'aborted';`);
    const c = new SharedCollective(memory, 0, 60_000);
    const t0 = Date.now();
    let error: unknown;
    try {
      c.allReduceMean(new Float32Array(4));
    } catch (e) {
      error = e;
    }
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(error).toBeInstanceOf(ReplicaAbort);
    expect((error as ReplicaAbort).message).toBe('worker 1: disk on fire');
    expect((error as ReplicaAbort).replica).toBe(1);
    expect((await other).value).toBe('aborted');
    // Aborted, every later wait fails at once until the group is reset for a new step.
    expect(() => c.barrier()).toThrow('worker 1: disk on fire');
    c.reset();
    expect(c.aborted()).toBeUndefined();
  });

  it('gives up on a replica that does not arrive, names it, and releases the others', async () => {
    const memory = allocateGroupMemory(3, 8);
    // Replica 0 starts its 0.3 s wait only once replica 1 is at the barrier: a thread that is
    // slow to start on a loaded machine must not be the one named.
    let ready!: () => void;
    const atBarrier = new Promise<void>((r) => (ready = r));
    const waiting = replica(memory, 1, 60_000, `parentPort.postMessage({ ready: true }); c.barrier(); return 'passed';`, ready);
    await atBarrier;
    await new Promise((r) => setTimeout(r, 50));
    const c = new SharedCollective(memory, 0, 300);
    expect(() => c.barrier()).toThrow(/^worker 2 did not arrive within 0\.3 s/);
    const r = await waiting;
    expect(r.error).toMatch(/^worker 2 did not arrive/);
    expect(r.replica).toBe(0);
  });

  it('refuses replicas that reduce different lengths, and a reduction larger than the buffer', async () => {
    const memory = allocateGroupMemory(2, 8);
    const other = replica(memory, 1, 5000, `return c.allReduceMean(new Float32Array(4));`);
    const c = new SharedCollective(memory, 0, 5000);
    expect(() => c.allReduceMean(new Float32Array(3))).toThrow('workers out of step: worker 0 reduced 3 values where worker 1 reduced 4');
    expect((await other).error).toMatch('workers out of step: worker 1 reduced 4 values where worker 0 reduced 3');
    c.reset();
    expect(() => c.allReduceMean(new Float32Array(9))).toThrow('an all-reduce of 9 values exceeds the shared buffer of 8 values per worker');
  });

  it('tracks whether a replica is busy and waits for it to finish', async () => {
    const memory = allocateGroupMemory(2, 8);
    const c = new SharedCollective(memory, 0, 5000);
    c.setBusy(1, true);
    expect(c.waitIdle(1, 50)).toBe(false);
    const other = replica(memory, 1, 5000, `await new Promise((r) => setTimeout(r, 100)); c.setBusy(1, false); return 'idle';`);
    expect(c.waitIdle(1, 5000)).toBe(true);
    expect((await other).value).toBe('idle');
  });
});
