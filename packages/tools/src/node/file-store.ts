// Node-only: a ClassifierStore on the file system. Exported as `@ganvas/tools/node`, never
// from the platform-free main entry.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ClassifierStore } from '../classifier-store.js';

/**
 * The cache directory: `$GANVAS_CACHE_DIR`, else `$XDG_CACHE_HOME/ganvas`, else
 * `~/.cache/ganvas`.
 */
export function defaultCacheDir(env: Record<string, string | undefined> = process.env): string {
  if (env.GANVAS_CACHE_DIR) return path.resolve(env.GANVAS_CACHE_DIR);
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'ganvas');
  return path.join(os.homedir(), '.cache', 'ganvas');
}

/** Stores each classifier as `<dir>/classifiers/<key>.bin`, written atomically. */
export function fileStore(dir: string = defaultCacheDir()): ClassifierStore {
  const fileOf = (key: string) => {
    if (!/^[A-Za-z0-9._-]+$/.test(key)) throw new Error(`invalid classifier cache key "${key}"`);
    return path.join(dir, 'classifiers', `${key}.bin`);
  };
  return {
    describe: fileOf,
    async read(key) {
      try {
        return new Uint8Array(await readFile(fileOf(key)));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    async write(key, bytes) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, file);
    },
  };
}
