import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { BASE_HEADERS, HttpError } from './http-error.js';
import { contentType, resolveInside } from './safe-path.js';

/**
 * Files from one folder, never outside it (see resolveInside). The editor's page is served
 * cross-origin isolated (COOP + COEP) so the browser allows wasm threads in it.
 */

export const ISOLATION_HEADERS: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export function sendFile(req: IncomingMessage, res: ServerResponse, file: string, headers: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = createReadStream(file);
    stream.on('open', () => {
      res.writeHead(200, { ...BASE_HEADERS, 'Content-Type': contentType(file), 'Cache-Control': 'no-cache', ...headers });
      if (req.method === 'HEAD') {
        stream.destroy();
        res.end();
        resolve();
        return;
      }
      stream.pipe(res);
    });
    stream.on('error', (e) => (res.headersSent ? (res.destroy(), resolve()) : reject(new HttpError(404, 'not_found', `not found (${e.message})`))));
    stream.on('end', () => resolve());
  });
}

const NOT_BUILT = `<!doctype html>
<html><head><meta charset="utf-8"><title>ganvas runner</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>ganvas runner</h1>
<p>The runner is up, but the editor has not been built yet. Build it with</p>
<pre>pnpm --filter @ganvas/editor build</pre>
<p>(or <code>pnpm start</code>, which builds everything), then reload this page.</p>
<p>The API is available under <code>/api/</code> (see packages/runner/API.md).</p>
</body></html>
`;

/** `GET /...` outside `/api/`: the editor's files (`/` is index.html). */
export async function serveEditor(req: IncomingMessage, res: ServerResponse, editorDir: string, rawPath: string): Promise<void> {
  const headers = ISOLATION_HEADERS;
  const index = path.join(editorDir, 'index.html');
  const built = await access(index).then(() => true, () => false);
  if (!built) {
    res.writeHead(200, { ...BASE_HEADERS, ...headers, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : NOT_BUILT);
    return;
  }
  if (rawPath === '/' || rawPath === '') return sendFile(req, res, index, headers);
  return sendFile(req, res, await resolveInside(editorDir, rawPath), headers);
}
