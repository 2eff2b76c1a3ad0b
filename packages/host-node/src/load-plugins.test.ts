import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '@ganvas/core';
import { createNodeRegistry, loadPlugins } from './load-plugins.js';

// Fixture packages live in a temp dir laid out like a pnpm install: real package dirs in a
// store, symlinked (some scoped) into node_modules.

let root: string;
const project = () => path.join(root, 'project');

const nodeModule = (ns: string, name: string) => `
import { z } from 'zod';
export const nodes = [{
  type: '${ns}.${name}', version: 1, category: 'math', title: '${name}', description: 'test node',
  params: z.object({}), inputs: [], outputs: [{ name: 'y', contract: { role: 'tensor' } }],
  build: () => ({ forward: () => ({}) }),
}];
`;

async function fixture(
  storeName: string,
  linkName: string,
  pkg: Record<string, unknown>,
  files: Record<string, string>,
): Promise<void> {
  const dir = path.join(root, 'store', storeName);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(pkg));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  const link = path.join(project(), 'node_modules', linkName);
  await mkdir(path.dirname(link), { recursive: true });
  await symlink(dir, link, 'dir');
}

beforeAll(async () => {
  root = await realpath(await mkdtemp(path.join(tmpdir(), 'ganvas-plugins-')));
  // The fixtures import zod; give them the same copy core validates with.
  const coreRequire = createRequire(path.join(process.cwd(), 'packages/core/package.json'));
  const zodDir = path.dirname(coreRequire.resolve('zod/package.json'));
  await mkdir(path.join(root, 'store', 'node_modules'), { recursive: true });
  await symlink(zodDir, path.join(root, 'store', 'node_modules', 'zod'), 'dir');

  const manifest = (namespace: string, entry = './index.js') => ({ apiVersion: 1, namespace, entry });
  await fixture('good', 'ganvas-good', { name: 'ganvas-good', version: '1.2.3', ganvas: manifest('good') }, {
    'index.js': nodeModule('good', 'thing'),
  });
  await fixture('scoped', '@acme/extra', { name: '@acme/extra', version: '0.1.0', ganvas: manifest('extra', 'lib/main.js') }, {
    'lib/main.js': nodeModule('extra', 'one'),
  });
  await fixture('bad', 'ganvas-bad', { name: 'ganvas-bad', ganvas: { apiVersion: 2, namespace: 'Bad!' } }, {});
  await fixture('escape', '@evil/escape', { name: '@evil/escape', ganvas: manifest('escape', '../outside.js') }, {});
  await writeFile(path.join(root, 'store', 'outside.js'), 'globalThis.__ganvasEscaped = true; export const nodes = [];');
  await fixture('dup', 'zz-dup', { name: 'zz-dup', ganvas: manifest('good') }, {
    'index.js': nodeModule('good', 'thing'),
  });
  await fixture('throws', 'ganvas-throws', { name: 'ganvas-throws', ganvas: manifest('throws') }, {
    'index.js': 'throw new Error("kaboom at import");',
  });
  await fixture('nonodes', 'ganvas-nonodes', { name: 'ganvas-nonodes', ganvas: manifest('nonodes') }, {
    'index.js': 'export const something = 1;',
  });
  await fixture('missing', 'ganvas-unbuilt', { name: 'ganvas-unbuilt', ganvas: manifest('unbuilt', './dist/index.js') }, {});
  await fixture('plain', 'left-pad', { name: 'left-pad', version: '1.0.0' }, { 'index.js': 'export default 1;' });
  // A second project linking the same real package: loaded once (dedup by real path).
  await mkdir(path.join(root, 'project2', 'node_modules'), { recursive: true });
  await symlink(path.join(root, 'store', 'good'), path.join(root, 'project2', 'node_modules', 'ganvas-good'), 'dir');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadPlugins', () => {
  it('registers good packages and reports every bad one without crashing', async () => {
    const registry = createRegistry();
    const logged: string[] = [];
    const result = await loadPlugins(registry, {
      searchDirs: [project(), path.join(root, 'project2')],
      log: (level, m) => logged.push(`${level}: ${m}`),
    });
    const byName = new Map(result.reports.map((r) => [r.packageName, r]));

    expect(byName.get('ganvas-good')).toMatchObject({ registered: ['good.thing'], errors: [], loaded: true, version: '1.2.3' });
    expect(byName.get('@acme/extra')?.registered).toEqual(['extra.one']);
    expect(registry.has('good.thing') && registry.has('extra.one')).toBe(true);
    expect(registry.get('good.thing')?.packageName).toBe('ganvas-good');
    expect(byName.has('left-pad')).toBe(false);

    const errorOf = (name: string) => byName.get(name)?.errors.join('\n') ?? '';
    expect(errorOf('ganvas-bad')).toMatch(/ganvas-bad: invalid "ganvas" manifest.*apiVersion/);
    expect(errorOf('@evil/escape')).toMatch(/outside the package directory/);
    expect((globalThis as { __ganvasEscaped?: boolean }).__ganvasEscaped).toBeUndefined();
    expect(errorOf('zz-dup')).toMatch(/"good\.thing" is defined twice: by ganvas-good and by zz-dup/);
    expect(errorOf('ganvas-throws')).toMatch(/ganvas-throws: importing entry .*kaboom at import/);
    expect(errorOf('ganvas-nonodes')).toMatch(/does not export a "nodes" array/);
    expect(errorOf('ganvas-unbuilt')).toMatch(/does not exist.*is the package built/);

    expect(result.reports.filter((r) => r.packageName === 'ganvas-good')).toHaveLength(1);
    expect(result.errors).toHaveLength(6);
    expect(logged.filter((l) => l.startsWith('warn'))).toHaveLength(6);
  });

  it('finds the built-in node packages as dependencies of the CLI', async () => {
    const { registry, reports } = await createNodeRegistry({ searchDirs: [path.join(process.cwd(), 'apps/cli')] });
    expect(registry.has('core.network')).toBe(true);
    const names = reports.map((r) => r.packageName);
    // Only packages with a manifest are considered; core and backend have none.
    expect(names).not.toContain('@ganvas/core');
    expect(names).not.toContain('@ganvas/backend');
    for (const r of reports.filter((r) => r.loaded)) expect(r.packageName).toMatch(/^@ganvas\/nodes-/);
  });
});
