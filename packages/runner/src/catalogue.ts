import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describeNodeTypes, validateDocument, type AnalyzedScope, type Contract, type NetworkDef, type Registry } from '@ganvas/core';
import type { PluginReport } from '@ganvas/host-node';
import { HttpError } from './http-error.js';

/** The read-only API: node catalogue, templates, validation. */

export interface Catalogue {
  nodes: ReturnType<typeof describeNodeTypes>;
  packages: { name: string; version: string; registered: string[]; errors: string[] }[];
  /** Problems not tied to one package (discovery). */
  errors: string[];
}

export function catalogue(registry: Registry, reports: PluginReport[], errors: string[], coreVersion: string): Catalogue {
  const nodes = describeNodeTypes(registry);
  const core = nodes.filter((n) => n.packageName === '@ganvas/core').map((n) => n.type);
  const perPackage = new Set(reports.flatMap((r) => r.errors));
  return {
    nodes,
    packages: [
      { name: '@ganvas/core', version: coreVersion, registered: core, errors: [] },
      ...reports.map((r) => ({ name: r.packageName, version: r.version, registered: r.registered, errors: r.errors })),
    ],
    errors: errors.filter((e) => !perPackage.has(e)),
  };
}

type ScopeContracts = Record<string, { inputs: Record<string, Contract | Contract[]>; outputs: Record<string, Contract> }>;

function contractsOf(scope: AnalyzedScope): ScopeContracts {
  const out: ScopeContracts = {};
  for (const [id, node] of scope.nodes) {
    const inputs: Record<string, Contract | Contract[]> = {};
    for (const [port, c] of Object.entries(node.inContracts)) if (c !== undefined) inputs[port] = c;
    out[id] = { inputs, outputs: { ...node.outContracts } };
  }
  return out;
}

export function validate(registry: Registry, document: unknown) {
  const result = validateDocument(document, registry);
  const networks: Record<string, ScopeContracts> = {};
  for (const [name, scope] of result.analysis?.networks ?? []) networks[name] = contractsOf(scope);
  return {
    diagnostics: result.diagnostics,
    contracts: result.analysis ? contractsOf(result.analysis.top) : {},
    networks,
  };
}

/**
 * The layer graph a plug-in network node builds (its definition's `layers`), for the editor's
 * read-only network view. Params are parsed through the node's own schema first (defaults filled).
 */
export function nodeLayers(registry: Registry, type: string, params: Record<string, unknown>): { definition: NetworkDef } {
  const def = registry.get(type)?.definition;
  if (!def) throw new HttpError(400, 'unknown_node_type', `type: no node type "${type}" is registered`);
  if (!def.layers) throw new HttpError(400, 'no_layers', `type: "${type}" does not describe its layers (only network nodes that build a layer graph do)`);
  const parsed = def.params.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = ['params', ...issue.path.map(String)].join('.');
    throw new HttpError(400, 'bad_params', `${where}: ${issue.message}`);
  }
  try {
    return { definition: def.layers(parsed.data) };
  } catch (e) {
    throw new HttpError(400, 'bad_params', `params: ${(e as Error).message}`);
  }
}

const TEMPLATE_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.json$/;

export async function listTemplates(dir: string): Promise<{ file: string; name: string; description: string }[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => TEMPLATE_FILE.test(f)).sort();
  const out = [];
  for (const file of files) {
    try {
      const doc = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as { name?: unknown; description?: unknown };
      out.push({
        file,
        name: typeof doc.name === 'string' ? doc.name : file.replace(/\.json$/, ''),
        description: typeof doc.description === 'string' ? doc.description : '',
      });
    } catch {
      // An unreadable template is left out of the list rather than breaking it.
    }
  }
  return out;
}

export async function readTemplate(dir: string, file: string): Promise<unknown> {
  if (!TEMPLATE_FILE.test(file)) throw new HttpError(404, 'not_found', `no template "${file}"`);
  const listed = await readdir(dir).catch(() => [] as string[]);
  if (!listed.includes(file)) throw new HttpError(404, 'not_found', `no template "${file}"`);
  try {
    return JSON.parse(await readFile(path.join(dir, file), 'utf8')) as unknown;
  } catch (e) {
    throw new HttpError(500, 'internal', `template ${file} cannot be read: ${(e as Error).message}`);
  }
}
