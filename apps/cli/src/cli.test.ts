import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateJsonError } from './read-json.js';
import { runCli, tinyGraph } from './test-helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ganvas-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ganvas validate', () => {
  it('accepts a valid graph', async () => {
    await writeFile(path.join(dir, 'ok.json'), JSON.stringify(tinyGraph()));
    const r = await runCli(['validate', 'ok.json'], dir);
    expect(r.stdout).toContain('valid: 7 nodes, 1 network');
    expect(r.code).toBe(0);
  });

  it('lists every diagnostic with code, path, node and port, and exits 1', async () => {
    const g = tinyGraph();
    g.nodes[4].type = 'loss.nope';
    g.networks.G.nodes[1].params.units = -3;
    await writeFile(path.join(dir, 'broken.json'), JSON.stringify(g));
    const r = await runCli(['validate', 'broken.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^E001 error at nodes\[4\]\.type \(node loss\): .*loss\.nope/m);
    expect(r.stderr).toMatch(/^E006 error at networks\.G\.nodes\[1\]\.params\.units \(network G, node fc/m);
    expect(r.stderr).toMatch(/broken\.json: \d+ errors/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('says where the JSON is broken', async () => {
    await writeFile(path.join(dir, 'bad.json'), '{\n  "format": "ganvas.graph",\n  "nodes": [1, 2,],\n}');
    const r = await runCli(['validate', 'bad.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: ${path.join(dir, 'bad.json')}:3:18: invalid JSON: expected a value, found ']'\n`);
  });

  it('reports a missing file and a missing argument in one line', async () => {
    const missing = await runCli(['validate', 'nope.json'], dir);
    expect(missing).toMatchObject({ code: 1, stderr: `error: graph file not found: ${path.join(dir, 'nope.json')}\n` });
    const noArg = await runCli(['validate'], dir);
    expect(noArg.code).toBe(1);
    expect(noArg.stderr).toMatch(/^error: ganvas validate: missing the graph file/);
  });

  it('locates JSON errors the way an editor counts', () => {
    expect(locateJsonError('{"a": tru}')).toEqual({ offset: 6, message: "unexpected 't'" });
    expect(locateJsonError('{"a": 1')).toMatchObject({ offset: 7, message: "expected ',' or '}' in object, found end of input" });
    expect(locateJsonError('{"a": "x\ny"}').message).toMatch(/control character/);
  });
});

describe('ganvas nodes', () => {
  it('--json lists the descriptions, core and built-in plug-ins included', async () => {
    const r = await runCli(['nodes', '--json'], dir);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { type: string; packageName: string; params: unknown }[];
    expect(list.find((d) => d.type === 'core.network')?.packageName).toBe('@ganvas/core');
    expect(list.find((d) => d.type === 'layers.dense')?.packageName).toBe('@ganvas/nodes-layers');
  });

  it('prints a grouped listing with ports and params', async () => {
    const r = await runCli(['nodes'], dir);
    expect(r.stdout).toMatch(/^@ganvas\/core\n {2}network\n/);
    expect(r.stdout).toContain('    core.preview v1 — Sample preview\n      in:  image (image)\n      param count: integer = 64');
  });
});

describe('ganvas (dispatch)', () => {
  it('has help for every command and refuses unknown ones', async () => {
    for (const cmd of ['validate', 'train', 'sample', 'eval', 'eval-images', 'latent', 'nodes', 'serve', 'stylize', 'translate']) {
      const r = await runCli([cmd, '--help'], dir);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^usage: ganvas ${cmd}`));
    }
    expect((await runCli(['--help'], dir)).stdout).toMatch(/^usage: ganvas <command>/);
    const unknown = await runCli(['trian'], dir);
    expect(unknown).toMatchObject({ code: 1, stderr: 'ganvas: unknown command "trian"; commands: validate, train, sample, eval, eval-images, latent, nodes, serve, stylize, translate\n' });
    const badOpt = await runCli(['train', 'x.json', '--stpes', '3'], dir);
    expect(badOpt.code).toBe(1);
    expect(badOpt.stderr).toMatch(/^error: ganvas train: Unknown option '--stpes'/);
  });

  const bin = path.resolve(__dirname, '../dist/main.js');
  it.skipIf(!existsSync(bin))('the built binary exits 1 with one line and no stack trace', () => {
    const r = spawnSync(process.execPath, [bin, 'validate', path.join(dir, 'nope.json')], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`error: graph file not found: ${path.join(dir, 'nope.json')}\n`);
  });
});
