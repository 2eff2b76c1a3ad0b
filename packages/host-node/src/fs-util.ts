import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A name no other writer picks: temp files and dirs carry the pid and random bytes. */
export function tempName(base: string): string {
  return `.tmp-${base}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Write a file so readers see the old or the new content, never half of it. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(file), tempName(path.basename(file)));
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export function isMissing(e: unknown): boolean {
  return (e as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
