import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, createRegistry, CompileError, decodeCheckpoint, encodeCheckpoint, nullHost } from './index.js';
import { tinyGraph } from './test-support/tiny-graph.js';
import { tinyPlugin } from './test-support/tiny-plugin.js';

function registry() {
  const r = createRegistry();
  r.registerPlugin('tiny-plugin', { apiVersion: 1, namespace: 'tiny', entry: 'x' }, tinyPlugin);
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
    await t.run(3);
    expect(seen).toEqual([1, 2, 3]);
    t.dispose();
  });

  it('throws a CompileError carrying diagnostics for an invalid graph', async () => {
    const d = tinyGraph() as any;
    d.nodes[3].type = 'tiny.gone';
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
