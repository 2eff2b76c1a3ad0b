import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './test-helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ganvas-serve-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('ganvas serve', () => {
  it('prints the tokened URL on its own line, serves under it, and stops on Ctrl-C', async () => {
    let stop: (() => void) | undefined;
    let out = '';
    const done = runCli(['serve', '--port', '0', '--no-open', '--runs-dir', 'my-runs'], dir, {
      stdout: { write: (s: string) => (out += s) },
      onInterrupt: (handler) => {
        stop = handler;
        return () => undefined;
      },
    });
    for (let i = 0; i < 200 && !/\?token=/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    const line = out.split('\n').find((l) => l.includes('?token='))!;
    expect(line).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{20,}$/);
    const url = new URL(line);
    const list = await get(`${url.origin}/api/runs?token=${url.searchParams.get('token')}`);
    expect(list).toEqual({ status: 200, body: '[]' });
    expect((await get(`${url.origin}/api/runs`)).status).toBe(401);
    expect(out).toContain('runs go to my-runs');
    stop!();
    const r = await done;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('runner stopped');
  });

  it('refuses bad options', async () => {
    expect((await runCli(['serve', '--port', 'x'], dir)).stderr).toMatch(/--port must be a non-negative integer/);
    expect((await runCli(['serve', '--allow-origin', '*'], dir)).stderr).toMatch(/--allow-origin must be an origin/);
  });
});
