import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Node-only: a whole split of rendered faces as one binary file (count × size × size × 3 bytes),
 * named after everything the pixels depend on. A file of the wrong length is ignored and
 * rewritten. Written to a temporary name and renamed, so a crash never leaves a torn file.
 */
export function diskCacheFile(dir: string, key: { seed: number; split: string; hair: readonly string[]; size: number; count: number }): string {
  const name = `faces-v1-seed${key.seed}-${key.split}-${key.hair.join('+')}-${key.size}px-${key.count}.rgb`;
  return path.join(dir, name);
}

export async function readFaceFile(file: string, bytes: number): Promise<Uint8Array | undefined> {
  try {
    const buf = await readFile(file);
    return buf.byteLength === bytes ? new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) : undefined;
  } catch {
    return undefined;
  }
}

export async function writeFaceFile(file: string, data: Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}
