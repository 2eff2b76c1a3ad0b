import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Host } from '@ganvas/core';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** Test-only: small image files on disk and a host that reads them. */

export type Pixel = (x: number, y: number) => [number, number, number];

export function pngBytes(width: number, height: number, pixel: Pixel): Uint8Array {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      png.data.set([...pixel(x, y), 255], o);
    }
  }
  return PNG.sync.write(png);
}

export function jpegBytes(width: number, height: number, pixel: Pixel, quality = 95): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([...pixel(x, y), 255], (y * width + x) * 4);
  return jpeg.encode({ width, height, data }, quality).data;
}

export async function tempDir(): Promise<{ dir: string; write(name: string, bytes: Uint8Array | string): Promise<string>; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ganvas-images-'));
  return {
    dir,
    async write(name, bytes) {
      const file = path.join(dir, name);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, bytes);
      return file;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A host over the real file system that records warnings; `listDir: false` drops listing. */
export function fileHost(options: { listDir?: boolean } = {}): Host & { warnings: string[] } {
  const warnings: string[] = [];
  const host: Host & { warnings: string[] } = {
    warnings,
    readFile: async (file) => new Uint8Array(await readFile(file)),
    log: (level, message) => {
      if (level === 'warn') warnings.push(message);
    },
  };
  if (options.listDir !== false) host.listDir = async (dir) => (await readdir(dir)).sort();
  return host;
}
