import fs from 'node:fs';
import path from 'node:path';
import { decodePng, encodePng } from '@ganvas/host-node';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../apps/cli/src/test-helpers.js';
import { tempDir } from './helpers.js';
import { contentScene, stylePainting } from './synthetic.js';
import { writeTinyVgg } from './tiny-vgg.js';

// `ganvas stylize` in-process on a seeded VGG-19 prefix and 32×32 synthetic images.
const run = (argv: string[], cwd: string) => runCli(argv, cwd);

describe('ganvas stylize', () => {
  it('writes the result and intermediate images', async () => {
    const dir = tempDir('cli');
    writeTinyVgg(path.join(dir, 'vgg'), { upTo: 'block3_conv2', seed: 4 });
    fs.writeFileSync(path.join(dir, 'a.png'), encodePng(40, 30, 3, contentScene(40, 30)));
    fs.writeFileSync(path.join(dir, 'b.png'), encodePng(32, 32, 3, stylePainting(32, 32)));
    const r = await run(['stylize', '--content', 'a.png', '--style', 'b.png', '--out', 'out/c.png', '--size', '32', '--steps', '4', '--every', '2', '--weights', 'vgg', '--backend', 'wasm'], dir);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/stylizing 32×32 for 4 steps on wasm/);
    expect(r.stdout).toMatch(/wrote out\/c\.png after 4 steps/);
    const img = decodePng(fs.readFileSync(path.join(dir, 'out', 'c.png')));
    expect([img.width, img.height, img.channels]).toEqual([32, 32, 3]);
    expect(fs.existsSync(path.join(dir, 'out', 'c-step2.png'))).toBe(true);
  }, 60_000);

  it('lists the layers of a weights file', async () => {
    const dir = tempDir('list');
    writeTinyVgg(dir, { upTo: 'block1_pool' });
    const r = await run(['stylize', '--list-layers', '--weights', '.'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\* block1_conv2\s+Conv2D 64 filters/);
    expect(r.stdout).toMatch(/\* block1_pool\s+MaxPooling2D/);
  });

  it('says where weights were looked for and how to get them', async () => {
    const dir = tempDir('missing');
    const r = await run(['stylize', '--content', 'a.png', '--style', 'b.png', '--out', 'c.png', '--weights', 'nope', '--backend', 'cpu'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/VGG-19 weights not found at ".*nope".*tensorflowjs_converter/);
  });
});
