import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadMnist } from '@ganvas/nodes-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from './bundle.js';
import { referenceDir, requireTorch, runReference, tempDir } from './python.js';

// Guards the bench references themselves: export_mnist.mjs writes the exact split ganvas uses,
// and vae_mnist.py trains on it and reports finite numbers. (The bench runner calls them with
// the full data; here a 500/100-image subset keeps it to seconds.) dcgan_mnist.py gets a
// 3-step smoke run with its PNG sample grid.

const TRAIN = 500;
const HELDOUT = 100;
const dir = tempDir('mnist-subset');

interface VaeReport {
  steps: number;
  trainImages: number;
  heldoutImages: number;
  trainLossPerEpoch: number[];
  heldoutNegElbo: number;
  heldoutNegElbo100: number;
  msPerStep: number;
}

beforeAll(() => {
  requireTorch();
  execFileSync(process.execPath, [
    path.join(referenceDir, 'export_mnist.mjs'),
    dir,
    '--limit-train',
    String(TRAIN),
    '--limit-heldout',
    String(HELDOUT),
  ]);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('bench/reference scripts', () => {
  it('export_mnist.mjs writes the first images of each split exactly as loadMnist gives them', async () => {
    const bundle = readBundle(dir);
    for (const [split, count] of [['train', TRAIN], ['heldout', HELDOUT]] as const) {
      const data = await loadMnist(split);
      const images = bundle.get(`${split}/images`)!;
      const labels = bundle.get(`${split}/labels`)!;
      expect(images.shape).toEqual([count, 28, 28, 1]);
      expect(Array.from(images.values)).toEqual(Array.from(data.images.subarray(0, count * 784)));
      expect(Array.from(labels.values)).toEqual(Array.from(data.labels.subarray(0, count)));
    }
  });

  it('vae_mnist.py trains one epoch and reports finite losses, held-out ELBO and timing', () => {
    const r = runReference<VaeReport>('vae_mnist.py', [
      '--data', dir, '--epochs', '1', '--batch', '100', '--threads', '1', '--seed', '3', '--elbo-samples', '3',
    ]);
    expect(r.trainImages).toBe(TRAIN);
    expect(r.heldoutImages).toBe(HELDOUT);
    expect(r.steps).toBe(TRAIN / 100);
    expect(r.trainLossPerEpoch).toHaveLength(1);
    // A Bernoulli negative log-likelihood per 784-pixel image is positive and, untrained, a few hundred nats.
    for (const v of [...r.trainLossPerEpoch, r.heldoutNegElbo, r.heldoutNegElbo100]) {
      expect(Number.isFinite(v), String(v)).toBe(true);
      expect(v).toBeGreaterThan(0);
      expect(v).toBeLessThan(800);
    }
    expect(r.msPerStep).toBeGreaterThan(0);
  });

  it('dcgan_mnist.py runs a few steps, reports finite losses and timing, and writes a PNG grid', () => {
    const png = path.join(dir, 'grid.png');
    const r = runReference<{ steps: number; msPerStep: number; final: { lossD: number; lossG: number } }>('dcgan_mnist.py', [
      '--data', dir, '--steps', '3', '--batch', '16', '--threads', '1', '--seed', '2', '--out', png,
    ]);
    expect(r.steps).toBe(3);
    expect(r.msPerStep).toBeGreaterThan(0);
    for (const v of [r.final.lossD, r.final.lossG]) expect(Number.isFinite(v) && v > 0, String(v)).toBe(true);
    const bytes = fs.readFileSync(png);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // 8×8 digits of 28 px with 2 px gaps: 238×238 (IHDR width and height, big-endian).
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([238, 238]);
  });
});
