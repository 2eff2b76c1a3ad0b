import type { EdgeDoc, GraphDocument, NodeDoc } from '@ganvas/core';

/**
 * Where the canvas is looking: the top-level graph (`undefined`) or one network definition of
 * `document.networks`. Definitions are flat in the document (nesting is by reference), so a
 * scope is just a name; the breadcrumb keeps the stack of names that led there.
 */
export type ScopeName = string | undefined;

export interface ScopeGraph {
  nodes: NodeDoc[];
  edges: EdgeDoc[];
}

export function getScope(doc: GraphDocument, scope: ScopeName): ScopeGraph {
  if (scope === undefined) return { nodes: doc.nodes, edges: doc.edges };
  const def = doc.networks[scope];
  return def ? { nodes: def.nodes, edges: def.edges } : { nodes: [], edges: [] };
}

/**
 * Scopes of networks a plug-in node builds itself (e.g. `style.vgg19`): their layer graph comes
 * from the runner (`POST /api/node-layers`) and is shown read-only. The prefix is not a valid
 * network name, so such a scope never collides with (or is saved into) `document.networks`.
 */
export const BUILT_SCOPE_PREFIX = '@built:';

/** The scope of the network built by node `nodeId` of scope `parent`. */
export function builtScope(parent: ScopeName, nodeId: string): string {
  return `${BUILT_SCOPE_PREFIX}${parent ?? ''}/${nodeId}`;
}

export function isBuiltScope(scope: ScopeName): boolean {
  return scope !== undefined && scope.startsWith(BUILT_SCOPE_PREFIX);
}

/** A new document whose scope's nodes and edges are replaced by `fn`'s result. Never mutates. */
export function updateScope(doc: GraphDocument, scope: ScopeName, fn: (g: ScopeGraph) => ScopeGraph): GraphDocument {
  if (scope === undefined) {
    const next = fn({ nodes: doc.nodes, edges: doc.edges });
    return { ...doc, nodes: next.nodes, edges: next.edges };
  }
  const def = doc.networks[scope];
  if (!def) return doc;
  const next = fn({ nodes: def.nodes, edges: def.edges });
  return { ...doc, networks: { ...doc.networks, [scope]: { ...def, nodes: next.nodes, edges: next.edges } } };
}

/** The JSON path prefix of a scope inside the document, as diagnostics use it. */
export function scopePath(scope: ScopeName): (string | number)[] {
  return scope === undefined ? [] : ['networks', scope];
}

/** React Flow needs an id for every edge; documents may omit them. Stable across edits of other edges. */
export function edgeKey(edge: EdgeDoc, index: number, seen?: Set<string>): string {
  const base = edge.id ?? `${edge.source}.${edge.sourcePort}->${edge.target}.${edge.targetPort}`;
  if (!seen) return base;
  const key = seen.has(base) ? `${base}#${index}` : base;
  seen.add(key);
  return key;
}

/** Keys of every edge of a scope, in document order (index i ↔ `edges[i]`). */
export function edgeKeys(edges: EdgeDoc[]): string[] {
  const seen = new Set<string>();
  return edges.map((e, i) => edgeKey(e, i, seen));
}
