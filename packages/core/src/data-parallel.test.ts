import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, createRegistry, drawForShard, nullHost, replicaMean, shardRange, shardRows, StepError } from './index.js';
import type { Collective, Replica, Shard } from './index.js';
import { tinyGraph } from './test-support/tiny-graph.js';
import { registerStandIns } from './stand-ins.js';

// The engine's side of data-parallel training. Real replicas run in threads (host-node's
// data-parallel tests); here one thread checks the hooks and the node-side helpers.

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function registry() {
  const r = createRegistry();
  registerStandIns(r);
  return r;
}

/** A collective standing for two replicas: the other one's contributions are scripted. */
function scripted(others: Float32Array[]): Collective & { calls: Float32Array[] } {
  const calls: Float32Array[] = [];
  return {
    calls,
    allReduceMean(values) {
      calls.push(values.slice());
      const other = others.shift();
      if (!other) throw new Error('no scripted contribution left');
      return values.map((v, i) => (v + other[i]!) / 2);
    },
  };
}

const shard = (index: number, count: number): Pick<{ shard: Shard }, 'shard'> => ({
  shard: { index, count, collective: { allReduceMean: () => { throw new Error('not used'); } } },
});

describe('shard helpers', () => {
  it('give every rows without a shard, and equal consecutive shares with one', () => {
    expect(shardRange({}, 10)).toEqual([0, 10]);
    expect(shardRange(shard(0, 1), 10)).toEqual([0, 10]);
    expect(shardRange(shard(0, 2), 64)).toEqual([0, 32]);
    expect(shardRange(shard(1, 2), 64)).toEqual([32, 64]);
    expect(() => shardRange(shard(1, 4), 30)).toThrow('a batch of 30 rows does not split into 4 equal shards');
  });

  it('slice a full batch to the shard, and leave it alone unsharded', () => {
    const t = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]);
    expect(shardRows({}, t)).toBe(t);
    expect(shardRows(shard(1, 2), t).arraySync()).toEqual([[5, 6], [7, 8]]);
    t.dispose();
  });

  it('draw per-row randomness whose shards put together are the one-replica draw', () => {
    const draw = (s: number[]) => tf.randomNormal(s, 0, 1, 'float32', 42);
    const whole = drawForShard({}, [6, 3], draw);
    const parts = [0, 1, 2].map((i) => drawForShard(shard(i, 3), [2, 3], draw));
    parts.forEach((p) => expect(p.shape).toEqual([2, 3]));
    expect(Array.from(tf.concat(parts).dataSync())).toEqual(Array.from(whole.dataSync()));
  });

  it('average across replicas forwards and backwards (replicaMean)', () => {
    const x = tf.tensor1d([1, 2, 3]);
    const w = tf.tensor1d([10, 20, 30]);
    expect(replicaMean({}, x)).toBe(x);
    // Forward: (x + other x) / 2. Backward: (local dy + other dy) / 2, dy = w here.
    const c = scripted([new Float32Array([3, 4, 5]), new Float32Array([2, 4, 6])]);
    const fctx = { shard: { index: 0, count: 2, collective: c } };
    const v = tf.variable(x, true, 'rm-x');
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(replicaMean(fctx, v), w)) as tf.Scalar, [v]);
    expect(value.dataSync()[0]).toBeCloseTo(10 * 2 + 20 * 3 + 30 * 4);
    expect(Array.from(grads['rm-x']!.dataSync())).toEqual([6, 12, 18]);
    expect(c.calls.map((a) => Array.from(a))).toEqual([[1, 2, 3], [10, 20, 30]]);
  });
});

interface Log {
  begins: number[];
  commits: number;
  aborts: StepError[];
  reduced: number[];
}

/** One replica of one: averaging is the identity, so results must equal the plain trainer's. */
function soloReplica(log: Log, options: { failCommitAt?: number; failBeginAt?: number } = {}): Replica {
  let step = 0;
  return {
    index: 0,
    count: 1,
    collective: {
      allReduceMean(values) {
        log.reduced.push(values.length);
        return values.slice();
      },
    },
    beginStep(s) {
      step = s;
      log.begins.push(s);
      if (s === options.failBeginAt) throw new Error('worker 1 has stopped');
    },
    commitStep() {
      if (step === options.failCommitAt) throw new Error('worker 1 failed: out of memory');
      log.commits++;
    },
    abortStep(error) {
      log.aborts.push(error);
      return new StepError(error.phase, error.step, `replica 0: ${error.detail}`, error.cause);
    },
  };
}

const newLog = (): Log => ({ begins: [], commits: 0, aborts: [], reduced: [] });

describe('trainer as a replica', () => {
  it('averages each update through the collective, calls the step hooks, and trains as without', async () => {
    const log = newLog();
    const plain = await compile(tinyGraph(), registry(), { host: nullHost });
    const replica = await compile(tinyGraph(), registry(), { host: nullHost, replica: soloReplica(log) });
    for (let i = 0; i < 3; i++) {
      expect((await replica.runStep()).losses).toEqual((await plain.runStep()).losses);
    }
    const size = 1 + replica.phases[0]!.variables.reduce((n, v) => n + v.size, 0);
    expect(log).toEqual({ begins: [1, 2, 3], commits: 3, aborts: [], reduced: [size, size, size] });
    expect(replica.snapshot()).toEqual(plain.snapshot());
    plain.dispose();
    replica.dispose();
  });

  it('aborts and rolls back when a node throws; the error is the one abortStep returns', async () => {
    const log = newLog();
    const t = await compile(tinyGraph(), registry(), { host: nullHost, replica: soloReplica(log) });
    await t.runStep();
    const before = t.snapshot();
    const count = tf.memory().numTensors;
    const loss = t.top.nodes.get('loss')!.instance!;
    const original = loss.forward!;
    loss.forward = () => {
      throw new Error('disk on fire');
    };
    await expect(t.runStep()).rejects.toThrow('step 2, phase "G": replica 0: node "loss" (standin.meanSquare): disk on fire');
    loss.forward = original;
    expect(log.aborts.map((e) => e.message)).toEqual(['step 2, phase "G": node "loss" (standin.meanSquare): disk on fire']);
    expect(log.commits).toBe(1);
    expect(t.snapshot()).toEqual(before);
    expect(tf.memory().numTensors).toBe(count);
    t.dispose();
  });

  it('fails a non-finite local loss before the collective', async () => {
    const log = newLog();
    const t = await compile(tinyGraph(), registry(), { host: nullHost, replica: soloReplica(log) });
    await t.runStep();
    const variable = t.phases[0]!.variables.find((v) => v.name.endsWith('G/l1/w'))!;
    variable.assign(tf.fill(variable.shape, NaN));
    await expect(t.runStep()).rejects.toThrow('step 2, phase "G": replica 0: loss of phase "G" is NaN');
    expect(log.reduced).toHaveLength(1);
    t.dispose();
  });

  it('rolls back a step whose commit fails (another replica failed)', async () => {
    const log = newLog();
    const t = await compile(tinyGraph(), registry(), { host: nullHost, replica: soloReplica(log, { failCommitAt: 2 }) });
    await t.runStep();
    const before = t.snapshot();
    await expect(t.runStep()).rejects.toThrow('step 2, phase "G": replica 0: worker 1 failed: out of memory');
    expect(t.snapshot()).toEqual(before);
    expect(t.step).toBe(1);
    t.dispose();
  });

  it('names no phase when the step fails before its first phase (beginStep)', async () => {
    const log = newLog();
    const t = await compile(tinyGraph(), registry(), { host: nullHost, replica: soloReplica(log, { failBeginAt: 1 }) });
    await expect(t.runStep()).rejects.toThrow(/^step 1: replica 0: worker 1 has stopped$/);
    expect(log.reduced).toEqual([]);
    expect(t.step).toBe(0);
    t.dispose();
  });

  it('refuses a lone update outside a step', async () => {
    const t = await compile(tinyGraph(), registry(), { host: nullHost, replica: soloReplica(newLog()) });
    expect(() => t.update(t.phases[0]!)).toThrow('phase "G": a data-parallel replica updates only within whole steps');
    t.dispose();
  });
});
