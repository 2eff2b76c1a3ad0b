import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Host } from '@ganvas/core';
import { decodeImage } from './decode-image.js';

/** The Node implementation of core's `Host`: local files, `fetch`, PNG/JPEG decoding and a logger. */

export interface NodeHostOptions {
  /** Relative paths are resolved against this (default: the process's working directory). */
  baseDir?: string;
  log?: Host['log'];
}

export function createNodeHost(options: NodeHostOptions = {}): Host {
  const log = options.log ?? defaultLog;
  return {
    async readFile(file: string): Promise<Uint8Array> {
      const full = path.resolve(options.baseDir ?? process.cwd(), file);
      try {
        const buf = await readFile(full);
        return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new Error(code === 'ENOENT' ? `file not found: ${full}` : `cannot read ${full}: ${(e as Error).message}`);
      }
    },
    async listDir(dir: string): Promise<string[]> {
      const full = path.resolve(options.baseDir ?? process.cwd(), dir);
      try {
        return (await readdir(full)).sort();
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') throw new Error(`folder not found: ${full}`);
        if (code === 'ENOTDIR') throw new Error(`not a folder: ${full}`);
        throw new Error(`cannot list ${full}: ${(e as Error).message}`);
      }
    },
    async fetchUrl(url: string): Promise<Uint8Array> {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`fetching ${url} failed: HTTP ${res.status} ${res.statusText}`);
      return new Uint8Array(await res.arrayBuffer());
    },
    log,
    decodeImage,
  };
}

function defaultLog(level: 'info' | 'warn', message: string): void {
  process.stderr.write(`${level === 'warn' ? 'warning: ' : ''}${message}\n`);
}

/** A host with the default logger (stderr) and paths relative to the working directory. */
export const nodeHost: Host = createNodeHost();
