import { analyze, type Analysis } from './analyze.js';
import type { Diagnostic } from './diagnostics.js';
import { zGraphDocument, type GraphDocument } from './document.js';
import { migrateDocument } from './migrations.js';
import type { Registry } from './registry.js';

export interface ParseResult {
  document?: GraphDocument;
  /** Names of the schema migrations applied on the way in. */
  migrations: string[];
  diagnostics: Diagnostic[];
}

/** Migrate and parse an untrusted document. Problems come back as E012 diagnostics. */
export function parseDocument(raw: unknown): ParseResult {
  const migrated = migrateDocument(raw);
  if (!migrated.ok) {
    return { migrations: [], diagnostics: [{ code: 'E012', severity: 'error', path: [], message: migrated.error }] };
  }
  const parsed = zGraphDocument.safeParse(migrated.document);
  if (!parsed.success) {
    return {
      migrations: migrated.applied,
      diagnostics: parsed.error.issues.map((issue) => ({
        code: 'E012' as const,
        severity: 'error' as const,
        path: issue.path.map((k) => (typeof k === 'symbol' ? String(k) : k)),
        message: issue.message,
      })),
    };
  }
  return { document: parsed.data, migrations: migrated.applied, diagnostics: [] };
}

export interface ValidationResult extends ParseResult {
  analysis?: Analysis;
}

/** Parse, migrate and analyse a document: every problem as a diagnostic, nothing thrown. */
export function validateDocument(raw: unknown, registry: Registry): ValidationResult {
  const parsed = parseDocument(raw);
  if (!parsed.document) return parsed;
  const analysis = analyze(parsed.document, registry);
  return { ...parsed, analysis, diagnostics: [...parsed.diagnostics, ...analysis.diagnostics] };
}
