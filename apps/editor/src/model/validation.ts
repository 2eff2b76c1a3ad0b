import {
  validateDocument,
  type Analysis,
  type AnalyzedScope,
  type Contract,
  type Diagnostic,
  type GraphDocument,
  type PortSpec,
  type Registry,
} from '@ganvas/core';
import type { ScopeName } from './scope.js';

/**
 * What the canvas paints from a validation, whoever ran it (core in the page, or the runner's
 * /api/validate for graphs with node types only the runner has): every diagnostic, and per
 * scope the effective ports of each node (Apply nodes take theirs from the network) and the
 * inferred contract of each output (the shapes written on edges).
 */
export interface NodeContracts {
  inputs: Record<string, Contract | Contract[] | undefined>;
  outputs: Record<string, Contract>;
  /** Ports as analysed (only known in the page, where the definitions are). */
  ports?: { inputs: PortSpec[]; outputs: PortSpec[] };
}

export interface ValidationView {
  diagnostics: Diagnostic[];
  /** Key '' is the top level; other keys are network definition names. */
  scopes: Map<string, Map<string, NodeContracts>>;
  source: 'browser' | 'runner';
  /** Wall time of the validation, ms. */
  ms: number;
}

/** The contracts and ports analysis gave each node of one scope, by node id. */
export function scopeContracts(scope: AnalyzedScope): Map<string, NodeContracts> {
  const out = new Map<string, NodeContracts>();
  for (const [id, node] of scope.nodes) {
    out.set(id, {
      inputs: node.inContracts,
      outputs: node.outContracts,
      ...(node.definition ? { ports: { inputs: node.inputs, outputs: node.outputs } } : {}),
    });
  }
  return out;
}

export function viewFromAnalysis(diagnostics: Diagnostic[], analysis: Analysis | undefined, ms: number): ValidationView {
  const scopes = new Map<string, Map<string, NodeContracts>>();
  if (analysis) {
    scopes.set('', scopeContracts(analysis.top));
    for (const [name, scope] of analysis.networks) scopes.set(name, scopeContracts(scope));
  }
  return { diagnostics, scopes, source: 'browser', ms };
}

/** Validates in the page with the bundled node packages. */
export function validateLocally(doc: GraphDocument, registry: Registry): ValidationView {
  const t0 = performance.now();
  const result = validateDocument(doc, registry);
  return viewFromAnalysis(result.diagnostics, result.analysis, performance.now() - t0);
}

/** The runner's /api/validate answer. */
export interface RunnerValidation {
  diagnostics: Diagnostic[];
  contracts: Record<string, { inputs: NodeContracts['inputs']; outputs: NodeContracts['outputs'] }>;
  networks?: Record<string, Record<string, { inputs: NodeContracts['inputs']; outputs: NodeContracts['outputs'] }>>;
}

export function viewFromRunner(r: RunnerValidation, ms: number): ValidationView {
  const toMap = (rec: RunnerValidation['contracts'] | undefined) => new Map(Object.entries(rec ?? {}).map(([k, v]) => [k, { inputs: v.inputs ?? {}, outputs: v.outputs ?? {} }]));
  const scopes = new Map<string, Map<string, NodeContracts>>([['', toMap(r.contracts)]]);
  for (const [name, rec] of Object.entries(r.networks ?? {})) scopes.set(name, toMap(rec));
  return { diagnostics: r.diagnostics, scopes, source: 'runner', ms };
}

/** Node types of a document (all scopes) that `registry` lacks: those need the runner. */
export function unknownTypes(doc: GraphDocument, registry: Registry): string[] {
  const types = new Set<string>();
  for (const n of doc.nodes) types.add(n.type);
  for (const def of Object.values(doc.networks)) for (const n of def.nodes) types.add(n.type);
  return [...types].filter((t) => !registry.has(t)).sort();
}

/** Diagnostics of one scope, grouped by what they concern. */
export interface ScopeDiagnostics {
  byNode: Map<string, Diagnostic[]>;
  /** By edge index in the scope's `edges`. */
  byEdge: Map<number, Diagnostic[]>;
  /** Everything in this scope, plus document-level ones at the top. */
  all: Diagnostic[];
}

/** The edge index a diagnostic's path points at inside `scope`, if any. */
export function edgeIndexOf(d: Diagnostic, scope: ScopeName): number | undefined {
  const p = d.path;
  const at = scope === undefined ? 0 : 2;
  if (scope !== undefined && (p[0] !== 'networks' || p[1] !== scope)) return undefined;
  return p[at] === 'edges' && typeof p[at + 1] === 'number' ? (p[at + 1] as number) : undefined;
}

export function diagnosticsOfScope(diagnostics: readonly Diagnostic[], scope: ScopeName): ScopeDiagnostics {
  const byNode = new Map<string, Diagnostic[]>();
  const byEdge = new Map<number, Diagnostic[]>();
  const all: Diagnostic[] = [];
  for (const d of diagnostics) {
    const inScope = scope === undefined ? d.network === undefined && d.path[0] !== 'networks' : d.network === scope || (d.path[0] === 'networks' && d.path[1] === scope);
    if (!inScope) continue;
    all.push(d);
    const edge = edgeIndexOf(d, scope);
    if (edge !== undefined) {
      const list = byEdge.get(edge) ?? [];
      list.push(d);
      byEdge.set(edge, list);
    }
    if (d.nodeId) {
      const list = byNode.get(d.nodeId) ?? [];
      list.push(d);
      byNode.set(d.nodeId, list);
    }
  }
  return { byNode, byEdge, all };
}
