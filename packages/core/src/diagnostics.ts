/**
 * Diagnostics: what validation returns instead of throwing. Each has a stable code from
 * the catalogue below, the node / port / edge it concerns and a JSON path into the document,
 * so the editor can paint it and the CLI can print it.
 */
export const DIAGNOSTIC_CODES = {
  E001: 'unknown node type',
  E002: 'missing required input',
  E003: 'role mismatch',
  E004: 'shape mismatch',
  E005: 'cycle',
  E006: 'bad params',
  E007: 'dangling edge',
  E008: 'optimizer with nothing to train',
  E009: 'duplicate id',
  E010: 'unknown network definition',
  E011: 'too many edges into a single input',
  E012: 'invalid document',
  E013: 'value range mismatch',
  E014: 'nothing to train',
  E015: 'node type version newer than installed',
  E016: 'inference failed',
  E017: 'dtype mismatch',
  E018: 'phase not scheduled',
  E019: 'network definition problem',
  W001: 'bias cancelled by normalisation',
} as const;
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export type JsonPath = (string | number)[];

export interface Diagnostic {
  code: DiagnosticCode;
  severity: 'error' | 'warning';
  message: string;
  /** JSON path into the document, e.g. `['nodes', 3, 'params', 'filters']`. */
  path: JsonPath;
  nodeId?: string;
  port?: string;
  edgeId?: string;
  /** The network definition the problem is inside, when not at top level. */
  network?: string;
}

/** `nodes[3].params.filters` */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out || '(document)';
}

/** One line for terminals: `E004 error at edges[2] (node D, port x): ...`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where: string[] = [];
  if (d.network) where.push(`network ${d.network}`);
  if (d.nodeId) where.push(`node ${d.nodeId}`);
  if (d.port) where.push(`port ${d.port}`);
  const extra = where.length ? ` (${where.join(', ')})` : '';
  return `${d.code} ${d.severity} at ${formatPath(d.path)}${extra}: ${d.message}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
