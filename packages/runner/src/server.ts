import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateDocument, hasErrors, type Registry } from '@ganvas/core';
import { createNodeRegistry, type PluginReport } from '@ganvas/host-node';
import { zEmptyBody, zNodeLayersBody, zStartRunBody, zStepBody, zValidateBody } from './api-schemas.js';
import { assetFile } from './assets.js';
import { readJsonBody, readOptionalJsonBody } from './body.js';
import { catalogue, listTemplates, nodeLayers, readTemplate, validate } from './catalogue.js';
import { Guard, newToken } from './guard.js';
import { HttpError, sendError, sendJson } from './http-error.js';
import { RUN_ID, RunManager } from './runs.js';
import { resolveInside } from './safe-path.js';
import { sendFile, serveEditor } from './static-files.js';
import { attachWebSocket } from './websocket.js';

/** The package root (this file is in src/ or dist/). */
const runnerRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(runnerRoot, '../..');

export interface RunnerOptions {
  /** Port to listen on; 0 picks a free one. Default 8787. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1 (this machine only). */
  host?: string;
  /** Access token; a random one by default. */
  token?: string;
  /** Where run directories are created (and listed from). */
  runsDir: string;
  /** The built editor. Default: apps/editor/dist of this repository. */
  editorDir?: string;
  /** Graph templates. Default: templates/ of this repository. */
  templatesDir?: string;
  /** Where plug-ins are discovered. Default: this package and the working directory. */
  searchDirs?: string[];
  /** Relative data paths in documents resolve against this folder. Default: the working directory. */
  graphDir?: string;
  /**
   * Data-parallel workers per training run (default 1): each computes 1/N of every batch, as
   * `ganvas train --workers N`. A graph that cannot be split trains on one, with a warning.
   */
  workers?: number;
  /** Exact extra origins allowed (e.g. `http://localhost:5173` for `vite dev`). None by default. */
  allowOrigins?: string[];
  /** Server-side problems (500s, plug-in warnings). */
  log?: (line: string) => void;
}

export interface Runner {
  /** `http://127.0.0.1:PORT/?token=...` — the address to open. */
  url: string;
  port: number;
  token: string;
  runs: RunManager;
  server: http.Server;
  /** Stops the runs (each writes a checkpoint), closes sockets and the server. */
  close(): Promise<void>;
}

function readVersion(file: string): string {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Under vitest the sources run from src/: the worker is always the built one. */
function workerUrl(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('../dist/run-worker.js', import.meta.url)
    : new URL('./run-worker.js', import.meta.url);
}

interface Context {
  guard: Guard;
  registry: Registry;
  reports: PluginReport[];
  errors: string[];
  runs: RunManager;
  editorDir: string;
  templatesDir: string;
  coreVersion: string;
  log: (line: string) => void;
}

export async function startRunner(options: RunnerOptions): Promise<Runner> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const searchDirs = options.searchDirs ?? [runnerRoot, process.cwd()];
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`workers must be a whole number of at least 1, got ${workers}`);
  const loaded = await createNodeRegistry({ searchDirs });
  for (const e of loaded.errors) log(`warning: plug-in skipped or incomplete: ${e}`);
  const runsDir = path.resolve(options.runsDir);
  await mkdir(runsDir, { recursive: true });
  const runs = new RunManager({
    runsDir,
    workerUrl: workerUrl(),
    searchDirs,
    graphDir: options.graphDir ?? process.cwd(),
    ganvasVersion: readVersion(path.join(runnerRoot, 'package.json')),
    workers,
    log,
  });
  const state: { ctx?: Context } = {};
  const server = http.createServer((req, res) => {
    const ctx = state.ctx;
    if (!ctx) {
      sendJson(res, 503, { error: { code: 'starting', message: 'the runner is starting' } });
      return;
    }
    handle(ctx, req, res).catch((e: unknown) => {
      if (!(e instanceof HttpError)) log(`internal error on ${req.method} ${req.url?.split('?')[0]}: ${(e as Error)?.stack ?? String(e)}`);
      const err = e instanceof HttpError ? e : new HttpError(500, 'internal', 'internal error (see the runner log)');
      if (!res.headersSent) sendError(res, err);
      else res.destroy();
    });
  });
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const loopback = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);
  const guard = new Guard({
    token,
    port,
    ...(loopback ? {} : { extraHosts: [host.includes(':') ? `[${host}]` : host] }),
    ...(options.allowOrigins ? { extraOrigins: options.allowOrigins } : {}),
  });
  const coreEntry = createRequire(import.meta.url).resolve('@ganvas/core');
  state.ctx = {
    guard,
    registry: loaded.registry,
    reports: loaded.reports,
    errors: loaded.errors,
    runs,
    editorDir: options.editorDir ?? path.join(repoRoot, 'apps/editor/dist'),
    templatesDir: options.templatesDir ?? path.join(repoRoot, 'templates'),
    coreVersion: readVersion(path.resolve(path.dirname(coreEntry), '..', 'package.json')),
    log,
  };
  const ws = attachWebSocket(server, guard, runs);
  const urlHost = loopback ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/?token=${token}`,
    port,
    token,
    runs,
    server,
    async close() {
      await runs.closeAll();
      ws.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

async function handle(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = req.url ?? '';
  // Only origin-form targets ("/path?query"): no absolute URLs, no "*".
  if (!target.startsWith('/')) throw new HttpError(400, 'bad_request', 'bad request target');
  ctx.guard.checkHostAndOrigin(req);
  const url = new URL(target, 'http://runner.invalid');
  const how = ctx.guard.authenticate(req, url);
  if (how === 'query') res.setHeader('Set-Cookie', ctx.guard.cookie());
  const rawPath = target.split('?')[0]!.split('#')[0]!;
  if (!rawPath.startsWith('/api/') && rawPath !== '/api') {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method_not_allowed', `${req.method} is not allowed here`);
    return serveEditor(req, res, ctx.editorDir, rawPath);
  }
  const parts = rawPath.split('/').slice(2); // after "/api/"
  return api(ctx, req, res, parts);
}

function method(req: IncomingMessage, allowed: string): void {
  if (req.method !== allowed && !(allowed === 'GET' && req.method === 'HEAD')) {
    throw new HttpError(405, 'method_not_allowed', `use ${allowed} for this route (got ${req.method})`);
  }
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new HttpError(400, 'bad_request', 'malformed percent-encoding in the path');
  }
}

async function api(ctx: Context, req: IncomingMessage, res: ServerResponse, parts: string[]): Promise<void> {
  const [head, second, third, ...rest] = parts;
  if (head === 'catalogue' && parts.length === 1) {
    method(req, 'GET');
    return sendJson(res, 200, catalogue(ctx.registry, ctx.reports, ctx.errors, ctx.coreVersion));
  }
  if (head === 'templates' && parts.length === 1) {
    method(req, 'GET');
    return sendJson(res, 200, await listTemplates(ctx.templatesDir));
  }
  if (head === 'templates' && parts.length === 2) {
    method(req, 'GET');
    return sendJson(res, 200, await readTemplate(ctx.templatesDir, decodeSegment(second!)));
  }
  if (head === 'validate' && parts.length === 1) {
    method(req, 'POST');
    const body = await readJsonBody(req, zValidateBody);
    return sendJson(res, 200, validate(ctx.registry, body.document));
  }
  if (head === 'node-layers' && parts.length === 1) {
    method(req, 'POST');
    const body = await readJsonBody(req, zNodeLayersBody);
    return sendJson(res, 200, nodeLayers(ctx.registry, body.type, body.params));
  }
  if (head === 'ws' && parts.length === 1) {
    throw new HttpError(426, 'upgrade_required', 'this route is a WebSocket: connect with Upgrade: websocket');
  }
  if (head === 'assets' && second !== undefined && third !== undefined) {
    method(req, 'GET');
    const file = await assetFile(decodeSegment(second), [third, ...rest].join('/'));
    return sendFile(req, res, file, { 'Cache-Control': 'private, max-age=86400' });
  }
  if (head === 'runs') return runsApi(ctx, req, res, second, third, rest);
  throw new HttpError(404, 'not_found', `no route /api/${parts.join('/')}`);
}

async function runsApi(
  ctx: Context,
  req: IncomingMessage,
  res: ServerResponse,
  second: string | undefined,
  third: string | undefined,
  rest: string[],
): Promise<void> {
  if (second === undefined || (second === '' && third === undefined)) {
    if (req.method === 'POST') {
      const body = await readJsonBody(req, zStartRunBody);
      const checked = validateDocument(body.document, ctx.registry);
      if (hasErrors(checked.diagnostics)) {
        const n = checked.diagnostics.filter((d) => d.severity === 'error').length;
        throw new HttpError(400, 'invalid_document', `the graph has ${n} error${n === 1 ? '' : 's'}; fix them before training`, {
          diagnostics: checked.diagnostics,
        });
      }
      return sendJson(res, 201, await ctx.runs.start(body));
    }
    method(req, 'GET');
    return sendJson(res, 200, await ctx.runs.list());
  }
  const id = decodeSegment(second);
  if (!RUN_ID.test(id)) throw new HttpError(404, 'not_found', `no run "${id}"`);
  if (third === undefined) {
    method(req, 'GET');
    return sendJson(res, 200, await ctx.runs.details(id));
  }
  if (third === 'files' && rest.length > 0) {
    method(req, 'GET');
    const file = await resolveInside(ctx.runs.dirOf(id), rest.join('/'));
    // Run files are data, never pages: a sandbox keeps any HTML in them inert.
    return sendFile(req, res, file, { 'Content-Security-Policy': 'sandbox', 'Cache-Control': 'no-store' });
  }
  if (rest.length === 0 && (third === 'pause' || third === 'resume' || third === 'stop')) {
    method(req, 'POST');
    await readOptionalJsonBody(req, zEmptyBody);
    return sendJson(res, 200, await ctx.runs.control(id, third));
  }
  if (rest.length === 0 && third === 'step') {
    method(req, 'POST');
    const body = await readOptionalJsonBody(req, zStepBody);
    return sendJson(res, 200, await ctx.runs.stepOnce(id, body.phase));
  }
  throw new HttpError(404, 'not_found', `no route /api/runs/${second}/${[third, ...rest].join('/')}`);
}
