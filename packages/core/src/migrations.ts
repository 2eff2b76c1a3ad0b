import { CURRENT_SCHEMA_VERSION, DOCUMENT_FORMAT } from './document.js';

/**
 * Document migrations: contiguous named steps, each taking a document of schema version
 * `from` to `from + 1` without mutating its input (tldraw-style). Version 1 wrote edges as
 * `{ from: "node.port", to: "node.port" }` and kept the seed at top level; version 2 splits
 * edge ends into fields the editor can address and moves the seed into `training`.
 */
export interface DocumentMigration {
  from: number;
  name: string;
  up(doc: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

function splitEnd(end: unknown): { node: string; port: string } {
  if (typeof end !== 'string' || !end.includes('.')) {
    throw new Error(`edge end ${JSON.stringify(end)} is not "node.port"`);
  }
  const dot = end.lastIndexOf('.');
  return { node: end.slice(0, dot), port: end.slice(dot + 1) };
}

export const DOCUMENT_MIGRATIONS: DocumentMigration[] = [
  {
    from: 1,
    name: 'split edge ends into source/sourcePort/target/targetPort; seed into training',
    up(doc) {
      const convertEdges = (edges: unknown) =>
        Array.isArray(edges)
          ? edges.map((e: Record<string, unknown>) => {
              const a = splitEnd(e.from);
              const b = splitEnd(e.to);
              const out: Record<string, unknown> = { source: a.node, sourcePort: a.port, target: b.node, targetPort: b.port };
              if (typeof e.id === 'string') out.id = e.id;
              return out;
            })
          : edges;
      const { seed, ...rest } = doc as Record<string, unknown>;
      const training = { ...((rest.training as Record<string, unknown> | undefined) ?? {}) };
      if (typeof seed === 'number' && training.seed === undefined) training.seed = seed;
      const networks: Record<string, unknown> = {};
      for (const [name, def] of Object.entries((rest.networks as Record<string, Record<string, unknown>>) ?? {})) {
        networks[name] = { ...def, edges: convertEdges(def.edges) };
      }
      return { ...rest, schemaVersion: 2, training, edges: convertEdges(rest.edges), networks };
    },
  },
];

export type MigrationResult =
  | { ok: true; document: Record<string, unknown>; applied: string[] }
  | { ok: false; error: string };

/** Bring a raw document up to the current schema version. Never mutates `raw`. */
export function migrateDocument(raw: unknown): MigrationResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, error: 'a graph document must be a JSON object' };
  }
  let doc = raw as Record<string, unknown>;
  if (doc.format !== DOCUMENT_FORMAT) {
    return { ok: false, error: `"format" must be "${DOCUMENT_FORMAT}" (got ${JSON.stringify(doc.format)})` };
  }
  const version = doc.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, error: `"schemaVersion" must be a positive integer (got ${JSON.stringify(version)})` };
  }
  if (version > CURRENT_SCHEMA_VERSION) {
    return {
      ok: false,
      error: `schema version ${version} is newer than this ganvas understands (${CURRENT_SCHEMA_VERSION}); upgrade ganvas`,
    };
  }
  const applied: string[] = [];
  for (let v = version; v < CURRENT_SCHEMA_VERSION; v++) {
    const step = DOCUMENT_MIGRATIONS.find((m) => m.from === v);
    if (!step) return { ok: false, error: `no migration from schema version ${v}` };
    try {
      doc = step.up(doc);
    } catch (e) {
      return { ok: false, error: `migration "${step.name}" failed: ${(e as Error).message}` };
    }
    applied.push(step.name);
  }
  return { ok: true, document: doc, applied };
}
