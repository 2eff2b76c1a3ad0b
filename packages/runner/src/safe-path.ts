import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { HttpError } from './http-error.js';

/**
 * Resolves a URL path (still percent-encoded, e.g. `samples/step-000010.png`) to a file inside
 * `root`, or throws 403/404. Refused: `.`/`..` segments (also encoded), encoded slashes or
 * backslashes, NUL, and anything whose real path (symlinks followed) leaves `root`.
 */
export async function resolveInside(root: string, encoded: string): Promise<string> {
  const segments: string[] = [];
  for (const raw of encoded.split('/')) {
    if (raw === '') continue;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      throw new HttpError(400, 'bad_request', 'malformed percent-encoding in the path');
    }
    if (seg === '.' || seg === '..' || /[/\\\0]/.test(seg)) {
      throw new HttpError(403, 'forbidden_path', 'the path leaves the served folder');
    }
    segments.push(seg);
  }
  const realRoot = await realpath(root).catch(() => {
    throw new HttpError(404, 'not_found', 'not found');
  });
  const candidate = path.join(realRoot, ...segments);
  if (!isInside(realRoot, candidate)) throw new HttpError(403, 'forbidden_path', 'the path leaves the served folder');
  const real = await realpath(candidate).catch(() => {
    throw new HttpError(404, 'not_found', `${segments.join('/') || '/'} not found`);
  });
  if (!isInside(realRoot, real)) throw new HttpError(403, 'forbidden_path', 'the path leaves the served folder');
  const info = await stat(real);
  if (!info.isFile()) throw new HttpError(404, 'not_found', `${segments.join('/') || '/'} is not a file`);
  return real;
}

export function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
