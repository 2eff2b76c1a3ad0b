import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode } from '@ganvas/core';
import { createNodeRegistry, decodePng } from '@ganvas/host-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRoot } from './context.js';
import { runCli, tinyGraph } from './test-helpers.js';

// The tiny graph uses the real built-in node packages (data, layers, losses, optim) on cpu.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ganvas-train-'));
  await writeFile(path.join(dir, 'tiny.json'), JSON.stringify(tinyGraph()));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const read = (...p: string[]) => readFile(path.join(dir, ...p));
const metricSteps = async (run: string) =>
  (await read(run, 'metrics.jsonl')).toString().trim().split('\n').map((l) => (JSON.parse(l) as { step: number }).step);
const latest = async (run: string) => (await read(run, 'checkpoints', 'latest')).toString().trim();

describe('ganvas train', () => {
  it('writes a complete run directory', async () => {
    const r = await runCli(['train', 'tiny.json', '--out', 'full', '--backend', 'cpu', '--steps', '12', '--sample-every', '6', '--checkpoint-every', '4'], dir);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^backend: cpu \(requested\)\ntraining 12 steps \(seed 3, batch 4\) into full\n/);
    expect(await metricSteps('full')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(await latest('full')).toBe('step-000012');
    const info = JSON.parse((await read('full', 'run.json')).toString()) as Record<string, any>;
    expect(info).toMatchObject({ seed: 3, backend: 'cpu', batchSize: 4, steps: 12, ganvasVersion: '0.1.0' });
    expect(info.packages['@ganvas/nodes-optim']).toBe('0.1.0');
    expect(info.finishedAt).toBeDefined();
    const graph = JSON.parse((await read('full', 'graph.json')).toString()) as Record<string, any>;
    expect(graph.training).toMatchObject({ seed: 3, steps: 12, sampleEvery: 6, checkpointEvery: 4 });
    // 9 previews of 2×2 → 3×3 tiles with 2px gaps.
    const png = decodePng(await read('full', 'samples', 'step-000012.png'));
    expect(png).toMatchObject({ width: 10, height: 10, channels: 1 });
    expect(Buffer.compare(await read('full', 'samples', 'latest.png'), await read('full', 'samples', 'step-000012.png'))).toBe(0);
    await read('full', 'samples', 'step-000006.png');

    const again = await runCli(['train', 'tiny.json', '--out', 'full', '--backend', 'cpu'], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds a run; add --resume/);
  });

  it('an N-step run resumed to 2N equals a 2N-step run', async () => {
    const common = ['--backend', 'cpu', '--checkpoint-every', '5', '--sample-every', '5'];
    expect((await runCli(['train', 'tiny.json', '--out', 'long', '--steps', '20', ...common], dir)).code).toBe(0);
    expect((await runCli(['train', 'tiny.json', '--out', 'short', '--steps', '10', ...common], dir)).code).toBe(0);
    const resumed = await runCli(['train', '--out', 'short', '--resume', '--steps', '20', '--backend', 'cpu'], dir);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('resuming short at step 10 of 20');
    expect(Buffer.compare(await read('long', 'checkpoints', 'step-000020', 'weights.bin'), await read('short', 'checkpoints', 'step-000020', 'weights.bin'))).toBe(0);
    const losses = async (run: string) =>
      (await read(run, 'metrics.jsonl')).toString().trim().split('\n').map((l) => (JSON.parse(l) as { losses: unknown }).losses);
    expect(await losses('short')).toEqual(await losses('long'));

    const seed = await runCli(['train', '--out', 'short', '--resume', '--steps', '30', '--seed', '9'], dir);
    expect(seed).toMatchObject({ code: 1, stderr: expect.stringMatching(/--seed 9 differs from the run's seed 3/) });
    const done = await runCli(['train', '--out', 'short', '--resume', '--steps', '20', '--backend', 'cpu'], dir);
    expect(done.stdout).toContain('already at step 20');
  });

  it('stops cleanly on Ctrl-C with a checkpoint and a resume hint, then resumes', async () => {
    const interrupt = (handler: () => void) => {
      setImmediate(handler); // fires while the first step's metrics are written
      return () => undefined;
    };
    const r = await runCli(['train', 'tiny.json', '--out', 'stopped', '--backend', 'cpu', '--steps', '50'], dir, { onInterrupt: interrupt });
    expect(r.code).toBe(130);
    const steps = await metricSteps('stopped');
    const last = steps[steps.length - 1]!;
    expect(last).toBeLessThan(50);
    expect(await latest('stopped')).toBe(`step-${String(last).padStart(6, '0')}`);
    expect(r.stderr).toContain(`stopped at step ${last} of 50; checkpoint written to ${path.join('stopped', 'checkpoints', `step-${String(last).padStart(6, '0')}`)}`);
    expect(r.stderr).toContain('resume with: ganvas train --out stopped --resume --steps 50');
    const resumed = await runCli(['train', '--out', 'stopped', '--resume', '--backend', 'cpu'], dir);
    expect(resumed.code).toBe(0);
    expect(await metricSteps('stopped')).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('writes the last good step when a node throws, and exits 1', async () => {
    // A test-only plug-in standing in for a NaN guard: throws from the 4th step on.
    const guard = defineNode({
      type: 'test.nanGuard',
      version: 1,
      category: 'math',
      title: 'NaN guard',
      description: 'Passes x through; fails at step 4 (test only).',
      params: z.object({}),
      inputs: [{ name: 'x', contract: { role: 'tensor' } }],
      outputs: [{ name: 'y', contract: { role: 'tensor' } }],
      build: () => ({
        forward(inputs, ctx) {
          if (ctx.purpose === 'train' && ctx.step >= 3) throw new Error('non-finite values in x');
          return { y: tf.mul(inputs.tensor('x'), 1) };
        },
      }),
    });
    const loadRegistry = async () => {
      const loaded = await createNodeRegistry({ searchDirs: [cliRoot] });
      loaded.registry.registerPlugin('ganvas-test-guard', { apiVersion: 1, namespace: 'test', entry: '(in-process)' }, { nodes: [guard] });
      return loaded;
    };
    const g = tinyGraph();
    g.nodes.push({ id: 'guard', type: 'test.nanGuard', version: 1 });
    const e = g.edges.find((x: { target: string; targetPort: string }) => x.target === 'loss' && x.targetPort === 'prediction');
    e.target = 'guard';
    e.targetPort = 'x';
    g.edges.push({ source: 'guard', sourcePort: 'y', target: 'loss', targetPort: 'prediction' });
    await writeFile(path.join(dir, 'guarded.json'), JSON.stringify(g));
    const r = await runCli(['train', 'guarded.json', '--out', 'failed', '--backend', 'cpu', '--steps', '10'], dir, { loadRegistry });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: step 4, phase "[^"]+": node "guard" \(test\.nanGuard\): non-finite values in x\n/);
    expect(r.stderr).toContain(`checkpoint of the last good step (3) written to ${path.join('failed', 'checkpoints', 'step-000003')}`);
    expect(await metricSteps('failed')).toEqual([1, 2, 3]);
    expect(await latest('failed')).toBe('step-000003');
  });
});

describe('ganvas train --workers', () => {
  const losses = async (run: string) =>
    (await read(run, 'metrics.jsonl')).toString().trim().split('\n').map((l) => (JSON.parse(l) as { losses: { G: number } }).losses.G);

  it('trains on two workers as on one, and the checkpoint resumes with one', async () => {
    const common = ['--backend', 'cpu', '--sample-every', '0'];
    expect((await runCli(['train', 'tiny.json', '--out', 'one', '--steps', '8', ...common], dir)).code).toBe(0);
    const r = await runCli(['train', 'tiny.json', '--out', 'two', '--steps', '4', '--workers', '2', ...common], dir);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('training 4 steps (seed 3, batch 4, 2 workers) into two');
    expect(JSON.parse((await read('two', 'run.json')).toString())).toMatchObject({ workers: 2 });
    const resumed = await runCli(['train', '--out', 'two', '--resume', '--steps', '8', '--backend', 'cpu'], dir);
    expect(resumed.code).toBe(0);
    const [a, b] = [await losses('one'), await losses('two')];
    expect(b).toHaveLength(8);
    b.forEach((v, i) => expect(Math.abs(v - a[i]!) / a[i]!).toBeLessThan(1e-5));
  });

  it('refuses a batch the workers cannot split, naming why, and writes nothing', async () => {
    const r = await runCli(['train', 'tiny.json', '--out', 'three', '--workers', '3', '--backend', 'cpu'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: ganvas train: cannot split this graph across 3 workers:');
    expect(r.stderr).toContain('the batch size 4 does not split into 3 equal shards (choose a batch size divisible by 3)');
    await expect(read('three', 'run.json')).rejects.toThrow();
    expect((await runCli(['train', 'tiny.json', '--out', 'zero', '--workers', '0'], dir)).stderr).toContain('--workers must be a positive integer, got "0"');
  });
});

describe('ganvas sample', () => {
  it('renders a grid from the latest checkpoint', async () => {
    const r = await runCli(['sample', 'full', '--out', 'grid.png', '--n', '16', '--seed', '5', '--backend', 'cpu'], dir);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wrote 16 samples of step 12 to grid.png');
    expect(decodePng(await read('grid.png'))).toMatchObject({ width: 4 * 2 + 3 * 2, height: 14, channels: 1 });
    const again = await runCli(['sample', 'full', '--out', 'grid2.png', '--n', '16', '--seed', '5', '--backend', 'cpu'], dir);
    expect(again.code).toBe(0);
    expect(Buffer.compare(await read('grid.png'), await read('grid2.png'))).toBe(0);
  });

  it('explains a directory that is not a run', async () => {
    const r = await runCli(['sample', 'nowhere', '--out', 'x.png'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot sample from .*nowhere: .*graph\.json not found: is it a ganvas run directory\?\n$/);
  });
});
