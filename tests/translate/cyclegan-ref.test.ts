import { execFileSync } from 'node:child_process';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@ganvas/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeBundle, type BundleArray } from '../reference/bundle.js';
import { PYTHON, requireTorch, tempDir } from '../reference/python.js';
import { compileTemplate, evalContext, here, lossesOf, seededMemo } from './helpers.js';

/**
 * cyclegan_ref.py, the PyTorch side of the CycleGAN benchmark, rebuilds the template's networks
 * from their definitions (interpret.py, with reflection padding). Before its timings mean anything,
 * its networks must be ganvas's: G's six loss terms on ganvas's weights and images, after one
 * training step, equal ganvas's own.
 */

const TERMS = ['adv_g', 'adv_f', 'cyc_a', 'cyc_b', 'idt_loss_b', 'idt_loss_a', 'loss_g'] as const;

function python(args: string[]): string {
  return execFileSync(PYTHON, [path.join(here, 'cyclegan_ref.py'), ...args], {
    encoding: 'utf8',
    cwd: path.resolve(here, '../..'),
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
}

const lastJson = <T>(out: string) => JSON.parse(out.trim().split('\n').at(-1)!) as T;

beforeAll(async () => {
  requireTorch();
  await selectBackend('wasm');
});

describe('cyclegan_ref.py', () => {
  it('computes G’s loss terms equal to ganvas’s on the same weights and images', async () => {
    const { trainer, file } = await compileTemplate('cyclegan-shapes.json', 4);
    await trainer.runStep();
    const drawn = trainer.top.evaluate('data', seededMemo({}) as never, evalContext(5, 4)) as Record<string, tf.Tensor>;
    const ours = lossesOf(trainer, seededMemo({ data: { a: drawn.a!, b: drawn.b! } }), TERMS, evalContext(9, 4));
    const arrays: Record<string, BundleArray> = {};
    for (const [name, t] of Object.entries(trainer.snapshot().tensors)) {
      if (name.startsWith('weights/')) arrays[name] = { shape: t.shape, values: Float32Array.from(t.values) };
    }
    for (const port of ['a', 'b'] as const) arrays[port] = { shape: drawn[port]!.shape, values: drawn[port]!.dataSync() as Float32Array };
    const dir = tempDir('cyclegan-ref');
    writeBundle(dir, arrays);
    const ref = lastJson<Record<string, number>>(python(['--values', file, dir]));
    for (const term of TERMS) {
      const rel = Math.abs(ours[term]! - ref[term]!) / Math.max(1e-3, Math.abs(ref[term]!));
      expect(rel, `${term}: ganvas ${ours[term]}, PyTorch ${ref[term]}`).toBeLessThan(1e-4);
    }
    // The terms are not trivially equal: an untrained G's cycle error is far from zero.
    expect(ref.cyc_a).toBeGreaterThan(0.05);
    trainer.dispose();
  }, 120_000);

  it('times training steps for the bench, and refuses a template that is not a CycleGAN', () => {
    const r = lastJson<{ steps: number; batch: number; msPerStep: number; cpuMsPerStep: number; final: { lossD: number; lossG: number } }>(
      python(['templates/cyclegan-shapes.json', '--steps', '3', '--batch', '2']),
    );
    expect([r.steps, r.batch]).toEqual([3, 2]);
    expect(r.msPerStep).toBeGreaterThan(0);
    expect(r.cpuMsPerStep).toBeGreaterThan(0);
    expect(Number.isFinite(r.final.lossD) && Number.isFinite(r.final.lossG)).toBe(true);
    expect(() => python(['templates/stargan-shapes.json', '--steps', '1'])).toThrow(/expects a CycleGAN template with nodes G, F, DX, DY, opt_g, opt_d, loss_g and one images\.shapesUnpaired source; missing F, DX, DY/);
  }, 120_000);
});
