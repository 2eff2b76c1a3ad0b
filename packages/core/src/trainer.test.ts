import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, createRegistry, CompileError, decodeCheckpoint, encodeCheckpoint, NodeFailure, nullHost, type Trainer } from './index.js';
import { tinyGraph } from './test-support/tiny-graph.js';
import { registerStandIns, standIns } from './stand-ins.js';
import type { BuildContext, NodeDefinition, NodeInstance, NodeState } from './node-definition.js';

function registry() {
  const r = createRegistry();
  registerStandIns(r);
  return r;
}

async function losses(doc: unknown, steps: number, seed?: number): Promise<number[]> {
  const t = await compile(doc, registry(), { host: nullHost, ...(seed !== undefined ? { seed } : {}) });
  const out: number[] = [];
  for (let i = 0; i < steps; i++) out.push((await t.runStep()).losses.G!);
  t.dispose();
  return out;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('trainer', () => {
  it('trains: the loss goes down', async () => {
    const l = await losses(tinyGraph(), 30);
    expect(l[29]!).toBeLessThan(l[0]! * 0.5);
  });

  it('is reproducible for a seed and differs across seeds', async () => {
    const a = await losses(tinyGraph(), 5);
    const b = await losses(tinyGraph(), 5);
    const c = await losses(tinyGraph(), 5, 99);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('resumes from a snapshot exactly (through the encoded form)', async () => {
    const full = await losses(tinyGraph(), 8);
    const first = await compile(tinyGraph(), registry(), { host: nullHost });
    for (let i = 0; i < 4; i++) await first.runStep();
    const enc = encodeCheckpoint(first.snapshot());
    first.dispose();
    const second = await compile(tinyGraph(), registry(), { host: nullHost });
    second.restore(decodeCheckpoint(enc.json, enc.binary));
    expect(second.step).toBe(4);
    const rest: number[] = [];
    for (let i = 0; i < 4; i++) rest.push((await second.runStep()).losses.G!);
    second.dispose();
    expect(rest).toEqual(full.slice(4));
  });

  it('keeps the live tensor count flat across steps', async () => {
    const t = await compile(tinyGraph(), registry(), { host: nullHost });
    await t.runStep();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await t.runStep();
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });

  it('emits step events with per-phase losses and timings', async () => {
    const t = await compile(tinyGraph(), registry(), { host: nullHost });
    const seen: number[] = [];
    t.on('step', (e) => {
      seen.push(e.step);
      expect(Object.keys(e.losses)).toEqual(['G']);
      expect(e.ms).toBeGreaterThanOrEqual(0);
    });
    const phases: number[] = [];
    t.on('phase', (e) => phases.push(e.step));
    await t.run(3);
    expect(seen).toEqual([1, 2, 3]);
    // A phase update is numbered by the step it belongs to, like the step event that follows it.
    expect(phases).toEqual([1, 2, 3]);
    t.dispose();
  });

  it('throws a CompileError carrying diagnostics for an invalid graph', async () => {
    const d = tinyGraph() as any;
    d.nodes[3].type = 'standin.gone';
    await expect(compile(d, registry(), { host: nullHost })).rejects.toBeInstanceOf(CompileError);
    await expect(compile(d, registry(), { host: nullHost })).rejects.toThrow('E001');
  });

  it('shares weights between two applications of one network', async () => {
    const d = tinyGraph() as any;
    d.nodes.push({ id: 'apply2', type: 'core.apply', version: 1 });
    d.edges.push({ source: 'G', sourcePort: 'net', target: 'apply2', targetPort: 'network' });
    d.edges.push({ source: 'z', sourcePort: 'z', target: 'apply2', targetPort: 'z' });
    const t = await compile(d, registry(), { host: nullHost });
    const ctx = { training: true, rng: new (await import('./rng.js')).Rng(1), batchSize: 2, step: 0, purpose: 'train' as const };
    const memo = { outputs: new Map() };
    const a = t.top.value('applyG', 'y', memo, ctx) as tf.Tensor;
    const b = t.top.value('apply2', 'y', memo, ctx) as tf.Tensor;
    // Same network, same memoised noise: identical outputs; only one set of weights exists.
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(t.phases[0]!.variables).toHaveLength(4);
    t.dispose();
  });
});

describe('atomic steps', () => {
  it('rolls everything back when a phase produces a non-finite loss, then trains on', async () => {
    const t = await compile(tinyGraph(), registry(), { host: nullHost });
    await t.runStep();
    const before = t.snapshot();
    // Poison one weight so the loss becomes NaN in the next step.
    const path = [...Object.keys(before.tensors)].find((k) => k.startsWith('weights/G/l1/w'))!;
    const variable = t.phases[0]!.variables.find((v) => v.name.endsWith('G/l1/w'))!;
    variable.assign(tf.fill(variable.shape, NaN));
    const poisoned = t.snapshot();
    await expect(t.runStep()).rejects.toThrow('step 2, phase "G": loss of phase "G" is NaN');
    const after = t.snapshot();
    expect(after.meta).toEqual(poisoned.meta);
    expect(Array.from(after.tensors[path]!.values).every(Number.isNaN)).toBe(true);
    expect(tf.memory().numTensors).toBeGreaterThan(0);
    // Restore the good state: training continues exactly as if nothing happened.
    t.restore(before);
    const next = (await t.runStep()).losses.G!;
    const ref = await compile(tinyGraph(), registry(), { host: nullHost });
    await ref.runStep();
    expect((await ref.runStep()).losses.G).toBe(next);
    t.dispose();
    ref.dispose();
  });

  it('rolls back when a node throws, leaving no tensors behind', async () => {
    const t = await compile(tinyGraph(), registry(), { host: nullHost });
    await t.runStep();
    const count = tf.memory().numTensors;
    const snap = JSON.stringify(t.snapshot().meta);
    const loss = t.top.nodes.get('loss')!.instance!;
    const original = loss.forward!;
    loss.forward = () => {
      throw new Error('disk on fire');
    };
    await expect(t.runStep()).rejects.toThrow('step 2, phase "G": node "loss" (standin.meanSquare): disk on fire');
    loss.forward = original;
    expect(JSON.stringify(t.snapshot().meta)).toBe(snap);
    expect(tf.memory().numTensors).toBe(count);
    t.dispose();
  });

  it('names a failing node inside a network by its path and the apply node that ran the network', async () => {
    const t = await compile(tinyGraph(), registry(), { host: nullHost });
    await t.runStep();
    const count = tf.memory().numTensors;
    const inner = t.top.nodes.get('G')!.network!.runtime.nodes.get('l2')!.instance!;
    const original = inner.forward!;
    inner.forward = () => {
      throw new Error('Error in matMul: inner shapes (6) and (5) must match');
    };
    const failure = await t.runStep().catch((e: unknown) => e);
    expect((failure as Error).message).toBe('step 2, phase "G": node "G/l2" (standin.linear, applied by "applyG"): Error in matMul: inner shapes (6) and (5) must match');
    // The node error is kept as the cause, with its parts, for tools that point at the node.
    expect((failure as Error).cause).toBeInstanceOf(NodeFailure);
    expect((failure as Error).cause).toMatchObject({ path: 'G/l2', type: 'standin.linear', appliedBy: 'applyG' });
    inner.forward = original;
    expect(tf.memory().numTensors).toBe(count);
    await t.runStep();
    t.dispose();
  });
});

describe('node state formats in checkpoints', () => {
  /** standin.sgd whose state format 2 calls the counter `updates` (format 1: `count`). */
  const sgd2 = (migrate: boolean): NodeDefinition<any> => ({
    ...standIns.sgd,
    stateVersion: 2,
    build(ctx: BuildContext<any>) {
      const inst = standIns.sgd.build(ctx) as NodeInstance;
      const opt = inst.optimizer!;
      return {
        optimizer: {
          ...opt,
          getState: () => ({ json: { updates: (opt.getState().json as { count: number }).count } }),
          setState: (st: NodeState) => {
            const updates = (st.json as { updates?: unknown }).updates;
            if (typeof updates !== 'number') throw new Error(`state has no "updates" counter: ${JSON.stringify(st.json)}`);
            opt.setState({ json: { count: updates } });
          },
        },
      };
    },
    ...(migrate ? { migrateState: (st: NodeState) => ({ json: { updates: (st.json as { count: number }).count } }) } : {}),
  });
  const registryWith = (def: NodeDefinition<any>) => {
    const r = createRegistry();
    r.registerPlugin('ganvas-stand-ins', { apiVersion: 1, namespace: 'standin', entry: 'x' }, { nodes: Object.values(standIns).map((n) => (n.type === 'standin.sgd' ? def : n)) });
    return r;
  };
  const trained = async (reg: ReturnType<typeof createRegistry>, steps: number) => {
    const t = await compile(tinyGraph(), reg, { host: nullHost });
    for (let i = 0; i < steps; i++) await t.runStep();
    const c = decodeCheckpointOf(t);
    t.dispose();
    return c;
  };
  const decodeCheckpointOf = (t: Trainer) => {
    const enc = encodeCheckpoint(t.snapshot());
    return decodeCheckpoint(enc.json, enc.binary);
  };
  const optimizerState = (t: Trainer) => t.top.nodes.get('opt')!.instance!.optimizer!.getState().json;

  it('migrates a state saved in an older format through the definition, and records the format it writes', async () => {
    const old = await trained(registry(), 3);
    expect(old.meta.stateVersions).toBeUndefined();
    const t = await compile(tinyGraph(), registryWith(sgd2(true)), { host: nullHost });
    t.restore(old);
    expect(optimizerState(t)).toEqual({ updates: 3 });
    await t.runStep();
    const next = decodeCheckpointOf(t);
    expect(next.meta.stateVersions).toEqual({ 'optimizer/opt': 2 });
    expect(next.meta.nodeStates['optimizer/opt']).toEqual({ updates: 4 });
    t.dispose();
  });

  it('refuses, naming the node, a format it cannot convert, a newer one, and a state it rejects', async () => {
    const old = await trained(registry(), 2);
    const noMigration = await compile(tinyGraph(), registryWith(sgd2(false)), { host: nullHost });
    expect(() => noMigration.restore(old)).toThrow(
      'checkpoint: node "opt" (standin.sgd): its optimizer state was saved in format 1, and this version of standin.sgd reads format 2 and cannot convert it',
    );
    noMigration.dispose();
    const newer = await trained(registryWith(sgd2(true)), 2);
    const older = await compile(tinyGraph(), registry(), { host: nullHost });
    expect(() => older.restore(newer)).toThrow(
      'checkpoint: node "opt" (standin.sgd): its optimizer state was saved in format 2, and this version of standin.sgd reads format 1 (the checkpoint comes from a newer version of the plug-in)',
    );
    older.dispose();
    // Same format, but the state is not what the node expects: its own message, with the node named.
    const forged = { ...newer, meta: { ...newer.meta, nodeStates: { ...newer.meta.nodeStates, 'optimizer/opt': { count: 2 } } } };
    const t = await compile(tinyGraph(), registryWith(sgd2(true)), { host: nullHost });
    const before = tf.memory().numTensors;
    expect(() => t.restore(forged)).toThrow('checkpoint: node "opt" (standin.sgd): state has no "updates" counter: {"count":2}');
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });
});

describe('optimizer update context', () => {
  it('gives every update the 1-based step being run: lone updates belong to the step in progress, restores continue the count', async () => {
    const seen: number[] = [];
    const watch = (t: Trainer) => {
      const optimizer = t.phases[0]!.optimizerNode.instance!.optimizer!;
      const apply = optimizer.apply.bind(optimizer);
      optimizer.apply = (vars, grads, context) => {
        seen.push(context?.step ?? -1);
        apply(vars, grads, context);
      };
    };
    const t = await compile(tinyGraph(), registry(), { host: nullHost });
    watch(t);
    await t.runStep();
    await t.runStep();
    const atTwo = t.snapshot();
    t.update(t.phases[0]!);
    expect(t.step).toBe(2);
    t.dispose();
    const resumed = await compile(tinyGraph(), registry(), { host: nullHost });
    watch(resumed);
    resumed.restore(atTwo);
    await resumed.runStep();
    resumed.dispose();
    expect(seen).toEqual([1, 2, 3, 3]);
  });
});
