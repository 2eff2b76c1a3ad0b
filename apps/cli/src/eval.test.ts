import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './cli.js';

function io(cwd: string) {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((err += s), true) }, cwd },
    out: () => out,
    err: () => err,
  };
}

const templates = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../templates');

describe('ganvas eval', () => {
  it('reports the VAE negative ELBO over the whole held-out split and writes eval.json', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ganvas-eval-'));
    const t = io(dir);
    const graph = path.join(templates, 'vae-mnist.json');
    expect(await main(['train', graph, '--out', 'run', '--steps', '3', '--backend', 'cpu'], t.io as never)).toBe(0);
    const e = io(dir);
    expect(await main(['eval', 'run', '--backend', 'cpu', '--batch', '300', '--no-quality'], e.io as never)).toBe(0);
    const result = JSON.parse(fs.readFileSync(path.join(dir, 'run', 'eval.json'), 'utf8'));
    expect(result).toMatchObject({ step: 3, split: 'heldout', examples: 1000, batch: 300, sources: ['data'] });
    // An almost untrained VAE: −ELBO per image is a few hundred nats (784 pixels of BCE + KL).
    expect(result.losses.VAE).toBeGreaterThan(150);
    expect(result.losses.VAE).toBeLessThan(600);
    expect(e.out()).toContain('mean loss over 1000 heldout examples');
  });

  it('refuses --no-losses with --no-quality before reading the run', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ganvas-eval-'));
    const e = io(dir);
    expect(await main(['eval', 'nowhere', '--no-losses', '--no-quality'], e.io as never)).toBe(1);
    expect(e.err()).toContain('--no-losses and --no-quality together leave nothing to evaluate');
  });

  it('explains a directory that is not a run', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ganvas-eval-'));
    const e = io(dir);
    expect(await main(['eval', 'nowhere'], e.io as never)).toBe(1);
    expect(e.err()).toMatch(/^error: cannot evaluate .*nowhere/);
  });
});
