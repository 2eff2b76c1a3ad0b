import fs from 'node:fs';
import path from 'node:path';
import { decodePng } from '@ganvas/host-node';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../apps/cli/src/test-helpers.js';
import { tempDir } from '../reference/python.js';
import { templatesDir } from './helpers.js';

describe('ganvas translate', () => {
  it('runs a trained StarGAN G on an image per target, and says what is wrong with bad targets', async () => {
    const dir = tempDir('translate');
    const train = await runCli(['train', path.join(templatesDir, 'stargan-shapes.json'), '--out', 'run', '--steps', '1', '--batch-size', '4', '--backend', 'wasm'], dir);
    expect(train.code, train.stderr).toBe(0);
    const samples = path.join(dir, 'run', 'samples');
    fs.mkdirSync(path.join(dir, 'in'));
    fs.copyFileSync(path.join(samples, fs.readdirSync(samples)[0]!), path.join(dir, 'in', 'grid.png'));
    const ok = await runCli(['translate', 'run', '--in', 'in', '--out', 'out', '--target', '1,0,0,0,1,0,0,1;0,0,1,0,0,1,0,0', '--backend', 'wasm'], dir);
    expect(ok.code, ok.stderr).toBe(0);
    const png = decodePng(fs.readFileSync(path.join(dir, 'out', 'grid.png')));
    // Input plus two translations, 32×32 each.
    expect([png.width, png.height]).toEqual([96, 32]);
    const bad = await runCli(['translate', 'run', '--in', 'in', '--out', 'out', '--target', '1,0', '--backend', 'wasm'], dir);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/target 1 \("1,0"\) must be 8 comma-separated numbers/);
    const noNet = await runCli(['translate', 'run', '--in', 'in', '--out', 'out', '--net', 'X', '--backend', 'wasm'], dir);
    expect(noNet.stderr).toMatch(/no network node "X"; its network nodes are G, D/);
  }, 120_000);
});
