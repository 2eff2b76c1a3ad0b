import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { runCli } from '../../apps/cli/src/test-helpers.js';
import { tempDir } from '../reference/python.js';
import { templatesDir } from './helpers.js';

/**
 * Tiny translator runs for `ganvas eval`: a template with small held-out splits, trained one
 * step of batch 2 into a fresh directory; evaluations use a small attribute classifier in a
 * cache of their own, so a test never trains the full one or touches ~/.cache.
 */

export interface Workspace {
  dir: string;
  cli(args: string[]): ReturnType<typeof runCli>;
}

export function workspace(prefix: string): Workspace {
  const dir = tempDir(prefix);
  const env = { GANVAS_CACHE_DIR: path.join(dir, 'cache') };
  return { dir, cli: (args) => runCli(args, dir, { env }) };
}

type Doc = { nodes: { id: string; type: string; params: Record<string, unknown> }[]; edges: unknown[]; networks: Record<string, unknown> };

/** The template with `params` merged into the given data nodes, edited by `edit`, written to `<dir>/<name>.json`. */
export function tinyGraph(ws: Workspace, template: string, name: string, params: Record<string, Record<string, unknown>>, edit?: (doc: Doc) => void): string {
  const doc = JSON.parse(fs.readFileSync(path.join(templatesDir, template), 'utf8')) as Doc;
  for (const node of doc.nodes) if (params[node.id]) node.params = { ...node.params, ...params[node.id] };
  edit?.(doc);
  const file = path.join(ws.dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(doc));
  return file;
}

/** Trains `graph` one step into `<dir>/<name>`. */
export async function trainTiny(ws: Workspace, graph: string, name: string): Promise<void> {
  const r = await ws.cli(['train', graph, '--out', name, '--steps', '1', '--batch-size', '2', '--backend', 'wasm']);
  expect(r.code, r.stderr).toBe(0);
}

/** `ganvas eval <name>` with a small classifier; returns eval.json and the output. */
export async function evalRun(ws: Workspace, name: string, extra: string[] = []): Promise<{ result: any; stdout: string }> {
  const r = await ws.cli(['eval', name, '--backend', 'wasm', '--classifier-images', '200', '--classifier-epochs', '1', ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return { result: JSON.parse(fs.readFileSync(path.join(ws.dir, name, 'eval.json'), 'utf8')), stdout: r.stdout };
}

/** Every value of a record is a share in [0, 1]. */
export function expectShares(record: Record<string, number>, keys: string[]): void {
  expect(Object.keys(record)).toEqual(keys);
  for (const v of Object.values(record)) {
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(1);
  }
}
