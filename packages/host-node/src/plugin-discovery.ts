import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { zPluginManifest, type PluginManifest } from '@ganvas/core';

/**
 * Finds plug-in packages: every package visible in `<dir>/node_modules` (scoped ones too,
 * pnpm symlinks followed) whose package.json has a `ganvas` manifest, plus `<dir>` itself
 * when it is a plug-in package (so an author can run `ganvas nodes` in their own package).
 * Nothing is imported here; see `loadPlugins`.
 */

export interface DiscoveredPackage {
  name: string;
  version: string;
  /** Real path of the package root (symlinks resolved). */
  dir: string;
  /** The raw `ganvas` field, not yet validated. */
  manifest: unknown;
}

export interface DiscoveryProblem {
  packageName: string;
  dir: string;
  message: string;
}

export interface Discovery {
  packages: DiscoveredPackage[];
  problems: DiscoveryProblem[];
}

export async function discoverPlugins(searchDirs: readonly string[]): Promise<Discovery> {
  const byDir = new Map<string, DiscoveredPackage>();
  const problems: DiscoveryProblem[] = [];
  const candidates: string[] = [];
  for (const dir of searchDirs) {
    candidates.push(dir);
    const modules = path.basename(dir) === 'node_modules' ? dir : path.join(dir, 'node_modules');
    candidates.push(...(await packageDirsIn(modules)));
  }
  for (const candidate of candidates) {
    const real = await realpath(candidate).catch(() => undefined);
    if (!real || byDir.has(real)) continue;
    const pkg = await readPackageJson(real);
    if (!pkg || pkg.ganvas === undefined) continue;
    const name = typeof pkg.name === 'string' ? pkg.name : path.basename(real);
    byDir.set(real, {
      name,
      version: typeof pkg.version === 'string' ? pkg.version : '0.0.0',
      dir: real,
      manifest: pkg.ganvas,
    });
  }
  // Two copies of one package (e.g. different versions under two search dirs): keep the first.
  const byName = new Map<string, DiscoveredPackage>();
  for (const pkg of byDir.values()) {
    const first = byName.get(pkg.name);
    if (first) {
      problems.push({
        packageName: pkg.name,
        dir: pkg.dir,
        message: `${pkg.name} is installed twice (${first.dir} and ${pkg.dir}); using the first`,
      });
      continue;
    }
    byName.set(pkg.name, pkg);
  }
  const packages = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  return { packages, problems };
}

/** `node_modules/x` and `node_modules/@s/y` entries (directories or symlinks to them). */
async function packageDirsIn(modules: string): Promise<string[]> {
  const entries = await readdir(modules, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = path.join(modules, e.name);
    if (e.name.startsWith('@')) {
      const scoped = await readdir(full, { withFileTypes: true }).catch(() => []);
      for (const s of scoped) if (!s.name.startsWith('.') && (await isDir(path.join(full, s.name)))) out.push(path.join(full, s.name));
    } else if (await isDir(full)) {
      out.push(full);
    }
  }
  return out;
}

async function isDir(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isDirectory(), () => false);
}

async function readPackageJson(dir: string): Promise<Record<string, unknown> | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Validates a discovered package's manifest; returns the message to report when it is bad. */
export function checkManifest(pkg: DiscoveredPackage): { manifest: PluginManifest } | { error: string } {
  const parsed = zPluginManifest.safeParse(pkg.manifest);
  if (parsed.success) return { manifest: parsed.data };
  const issues = parsed.error.issues.map((i) => `${['ganvas', ...i.path.map(String)].join('.')}: ${i.message}`);
  return { error: `${pkg.name}: invalid "ganvas" manifest in package.json (${issues.join('; ')})` };
}

/**
 * The entry file of a plug-in, refusing anything outside its package directory (a manifest
 * is untrusted input: `../../somewhere/else.js` must not be imported).
 */
export async function resolveEntry(pkg: DiscoveredPackage, manifest: PluginManifest): Promise<{ url: string } | { error: string }> {
  const file = path.resolve(pkg.dir, manifest.entry);
  if (!isInside(pkg.dir, file)) {
    return { error: `${pkg.name}: entry "${manifest.entry}" points outside the package directory; refused` };
  }
  const real = await realpath(file).catch(() => undefined);
  if (!real) return { error: `${pkg.name}: entry "${manifest.entry}" does not exist (${file}); is the package built?` };
  if (!isInside(pkg.dir, real)) {
    return { error: `${pkg.name}: entry "${manifest.entry}" links outside the package directory; refused` };
  }
  return { url: pathToFileURL(real).href };
}

function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
