import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Checkpoint } from '@ganvas/core';
import { RunDir } from './run-dir.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ganvas-run-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const checkpoint = (step: number): Checkpoint => ({
  meta: { format: 'ganvas.checkpoint', version: 1, step, rng: { words: [1, 2, 3, step], spare: null }, nodeStates: { 'state/pool': { n: step } } },
  tensors: {
    'weights/G/dense/kernel': { shape: [2, 3], dtype: 'float32', values: Float32Array.from([1, 2, 3, 4, 5, step]) },
    'state/pool/count': { shape: [], dtype: 'int32', values: Int32Array.from([step]) },
  },
});

describe('RunDir checkpoints', () => {
  it('round-trips a checkpoint and keeps the last three', async () => {
    const run = new RunDir(dir);
    await run.init();
    for (const step of [10, 20, 30, 40]) await run.saveCheckpoint(checkpoint(step));
    expect(await run.checkpointSteps()).toEqual([20, 30, 40]);
    expect((await readFile(path.join(dir, 'checkpoints', 'latest'), 'utf8')).trim()).toBe('step-000040');
    const back = await run.loadLatestCheckpoint();
    expect(back.meta).toEqual(checkpoint(40).meta);
    expect([...back.tensors['weights/G/dense/kernel']!.values]).toEqual([1, 2, 3, 4, 5, 40]);
    expect(back.tensors['state/pool/count']).toMatchObject({ dtype: 'int32', shape: [] });
    expect(back.tensors['state/pool/count']!.values).toBeInstanceOf(Int32Array);
  });

  it('ignores a temp dir left by a crash mid-write, and cleans it up on the next save', async () => {
    const run = new RunDir(dir);
    await run.init();
    await run.saveCheckpoint(checkpoint(40));
    const crashed = path.join(dir, 'checkpoints', '.tmp-step-000050-999-abcd');
    await mkdir(crashed);
    await writeFile(path.join(crashed, 'weights.bin'), new Uint8Array(3));
    expect(await run.checkpointSteps()).toEqual([40]);
    expect((await run.loadLatestCheckpoint()).meta.step).toBe(40);
    await run.saveCheckpoint(checkpoint(60));
    expect((await readdir(path.join(dir, 'checkpoints'))).sort()).toEqual(['latest', 'step-000040', 'step-000060']);
  });

  it('falls back to the newest complete checkpoint when `latest` was never written', async () => {
    const run = new RunDir(dir);
    await run.saveCheckpoint(checkpoint(40));
    await run.saveCheckpoint(checkpoint(80));
    await rm(path.join(dir, 'checkpoints', 'latest'));
    expect((await run.loadLatestCheckpoint()).meta.step).toBe(80);
  });

  it('names the file when a checkpoint is missing or corrupt', async () => {
    const run = new RunDir(dir);
    await expect(run.loadLatestCheckpoint()).rejects.toThrow(/no checkpoint in .*checkpoints/);
    await run.saveCheckpoint(checkpoint(40));
    const json = path.join(dir, 'checkpoints', 'step-000040', 'checkpoint.json');
    await writeFile(json, '{"format": "ganvas.check');
    await expect(run.loadLatestCheckpoint()).rejects.toThrow(/checkpoint file .*step-000040.checkpoint\.json is corrupt/);
    await run.saveCheckpoint(checkpoint(40));
    const bin = path.join(dir, 'checkpoints', 'step-000040', 'weights.bin');
    await writeFile(bin, new Uint8Array(8));
    await expect(run.loadLatestCheckpoint()).rejects.toThrow(/step-000040 is corrupt: checkpoint is truncated/);
    await rm(bin);
    await expect(run.loadLatestCheckpoint()).rejects.toThrow(/weights\.bin is missing/);
  });
});

describe('RunDir metrics', () => {
  it('truncates steps after the checkpoint on resume, and a torn last line', async () => {
    const run = new RunDir(dir);
    await run.init();
    for (let step = 1; step <= 10; step++) await run.appendMetrics({ step, losses: { D: step / 10 }, ms: 1 });
    await writeFile(run.metricsFile, '{"step": 11, "loss', { flag: 'a' });
    expect((await run.readMetrics()).map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await run.truncateMetrics(6);
    await run.appendMetrics({ step: 7, losses: { D: 0 }, ms: 2 });
    const text = await readFile(run.metricsFile, 'utf8');
    expect(text.trim().split('\n').map((l) => (JSON.parse(l) as { step: number }).step)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('reads graph.json and run.json back, and explains a missing one', async () => {
    const run = new RunDir(dir);
    await expect(run.readGraph()).rejects.toThrow(/graph\.json not found: is it a ganvas run directory/);
    await run.writeGraph({ format: 'ganvas.graph', nodes: [] });
    expect(await run.readGraph()).toEqual({ format: 'ganvas.graph', nodes: [] });
    expect(await readFile(run.graphFile, 'utf8')).toContain('\n  "format"');
  });
});
