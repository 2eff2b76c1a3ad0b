import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHost } from './node-host.js';

describe('node host listDir', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ganvas-host-'));
    await mkdir(path.join(dir, 'trainA'));
    await writeFile(path.join(dir, 'b.png'), 'x');
    await writeFile(path.join(dir, 'a.jpg'), 'x');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('lists entry names sorted, relative to baseDir', async () => {
    const host = createNodeHost({ baseDir: dir });
    expect(await host.listDir!('.')).toEqual(['a.jpg', 'b.png', 'trainA']);
    expect(await host.listDir!('trainA')).toEqual([]);
  });

  it('names the folder when it is missing or a file', async () => {
    const host = createNodeHost({ baseDir: dir });
    await expect(host.listDir!('nope')).rejects.toThrow(`folder not found: ${path.join(dir, 'nope')}`);
    await expect(host.listDir!('a.jpg')).rejects.toThrow(`not a folder: ${path.join(dir, 'a.jpg')}`);
  });
});
