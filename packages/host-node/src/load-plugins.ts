import { createRegistry, type PluginLoadReport, type Registry } from '@ganvas/core';
import { checkManifest, discoverPlugins, resolveEntry, type DiscoveredPackage } from './plugin-discovery.js';

/**
 * Loads every discovered plug-in into a registry. Each package gets a report; a bad package
 * (invalid manifest, escaping or missing entry, import that throws, no `nodes` export) is
 * reported and skipped, and never stops the others from loading.
 */

export type LogFn = (level: 'info' | 'warn', message: string) => void;

export interface LoadPluginsOptions {
  /**
   * Directories whose `node_modules` are scanned (each may also be a plug-in package itself).
   * Default: `process.cwd()`.
   */
  searchDirs?: string[];
  log?: LogFn;
}

export interface PluginReport extends PluginLoadReport {
  version: string;
  dir: string;
  /** True when the package's entry was imported and handed to the registry. */
  loaded: boolean;
}

export interface LoadPluginsResult {
  reports: PluginReport[];
  /** Every problem, one line each, package named (also sent to `log` as warnings). */
  errors: string[];
}

export async function loadPlugins(registry: Registry, options: LoadPluginsOptions = {}): Promise<LoadPluginsResult> {
  const log = options.log ?? (() => undefined);
  const discovery = await discoverPlugins(options.searchDirs ?? [process.cwd()]);
  const reports: PluginReport[] = [];
  const errors: string[] = discovery.problems.map((p) => p.message);
  for (const pkg of discovery.packages) {
    const report = await loadOne(registry, pkg);
    reports.push(report);
    errors.push(...report.errors);
    if (report.loaded) log('info', `plug-in ${pkg.name}@${pkg.version}: ${report.registered.length} node types`);
  }
  for (const e of errors) log('warn', e);
  return { reports, errors };
}

async function loadOne(registry: Registry, pkg: DiscoveredPackage): Promise<PluginReport> {
  const report: PluginReport = { packageName: pkg.name, version: pkg.version, dir: pkg.dir, registered: [], errors: [], loaded: false };
  const fail = (message: string) => {
    report.errors.push(message);
    return report;
  };
  const checked = checkManifest(pkg);
  if ('error' in checked) return fail(checked.error);
  const entry = await resolveEntry(pkg, checked.manifest);
  if ('error' in entry) return fail(entry.error);
  let module: unknown;
  try {
    module = await import(entry.url);
  } catch (e) {
    return fail(`${pkg.name}: importing entry "${checked.manifest.entry}" failed: ${messageOf(e)}`);
  }
  try {
    const result = registry.registerPlugin(pkg.name, checked.manifest, module);
    report.registered = result.registered;
    report.errors.push(...result.errors);
    report.loaded = true;
  } catch (e) {
    fail(messageOf(e));
  }
  return report;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** core's registry (the `core.*` intrinsics) plus every plug-in found from `searchDirs`. */
export async function createNodeRegistry(options: LoadPluginsOptions = {}): Promise<{ registry: Registry } & LoadPluginsResult> {
  const registry = createRegistry();
  const result = await loadPlugins(registry, options);
  return { registry, ...result };
}
