import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { ServerMessage } from './messages.js';

/** Real HTTP for the runner's tests: any Host, Origin or path, exactly as sent. */

const here = path.dirname(fileURLToPath(import.meta.url));
export const runnerRoot = path.resolve(here, '..');
export const repoRoot = path.resolve(runnerRoot, '../..');
export const fixtures = path.join(runnerRoot, 'test-fixtures');

export function template(name: string): Record<string, any> {
  return JSON.parse(readFileSync(path.join(repoRoot, 'templates', name), 'utf8')) as Record<string, any>;
}

export function tinyGraph(): Record<string, any> {
  return JSON.parse(readFileSync(path.join(fixtures, 'tiny-graph.json'), 'utf8')) as Record<string, any>;
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

export function request(
  port: number,
  target: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: target, headers: { host: `127.0.0.1:${port}`, ...options.headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** JSON request with the token in a header. */
export function api(port: number, token: string, target: string, method = 'GET', body?: unknown): Promise<Reply> {
  const headers: Record<string, string> = { 'x-ganvas-token': token };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return request(port, target, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
}

/** Result of a WebSocket upgrade: the open socket, or the HTTP status it was refused with. */
export function connectWs(port: number, options: { origin?: string; headers?: Record<string, string>; query?: string } = {}): Promise<{ ws?: WebSocket; status?: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws${options.query ?? ''}`, {
      ...(options.origin !== undefined ? { origin: options.origin } : {}),
      headers: options.headers ?? {},
    });
    ws.on('open', () => resolve({ ws }));
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      res.resume();
    });
    ws.on('error', reject);
  });
}

/** Collects a socket's messages; `waitFor` resolves with the first (new or past) one that matches. */
export class Inbox {
  readonly messages: ServerMessage[] = [];
  private waiters: { match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];

  constructor(ws: WebSocket) {
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as ServerMessage;
      this.messages.push(m);
      this.waiters = this.waiters.filter((w) => !(w.match(m) && (w.resolve(m), true)));
    });
  }

  waitFor(match: (m: ServerMessage) => boolean, timeoutMs = 60_000): Promise<ServerMessage> {
    const past = this.messages.find(match);
    if (past) return Promise.resolve(past);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message in ${timeoutMs} ms; got ${JSON.stringify(this.messages.slice(-5))}`)), timeoutMs);
      this.waiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }
}

/** A WebSocket to `runner`, authenticated by its cookie as the editor page is, and an inbox on it. */
export async function subscribeAll(runner: { port: number; token: string }): Promise<{ ws: WebSocket; inbox: Inbox }> {
  const c = await connectWs(runner.port, { origin: `http://127.0.0.1:${runner.port}`, headers: { cookie: `ganvas_token_${runner.port}=${runner.token}` } });
  if (!c.ws) throw new Error(`the runner refused the WebSocket (HTTP ${c.status})`);
  return { ws: c.ws, inbox: new Inbox(c.ws) };
}
