import { validateDocument, type Diagnostic, type EdgeDoc, type GraphDocument, type Registry } from '@ganvas/core';
import { connect } from './edit.js';
import { getScope, type ScopeName } from './scope.js';
import { edgeIndexOf } from './validation.js';

/**
 * Checks a connection the user is dragging, with the same validator that checks documents:
 * the candidate edge is added and the graph validated; errors that point at the new edge
 * (role, shape, dtype, range, port, "one edge only") or a new cycle refuse it, with the
 * validator's message as the reason. Node types the page does not know give `unknown`
 * (the runner decides after the drop).
 */
export type ConnectionVerdict = { ok: true } | { ok: false; reason: string } | { ok: 'unknown' };

export function checkConnection(
  doc: GraphDocument,
  scope: ScopeName,
  edge: EdgeDoc,
  registry: Registry,
  /** The document's current diagnostics, when known (saves one validation). */
  before?: readonly Diagnostic[],
): ConnectionVerdict {
  const g = getScope(doc, scope);
  if (edge.source === edge.target) return { ok: false, reason: `${edge.source} cannot feed itself` };
  if (g.edges.some((e) => e.source === edge.source && e.sourcePort === edge.sourcePort && e.target === edge.target && e.targetPort === edge.targetPort)) {
    return { ok: false, reason: `${edge.source}.${edge.sourcePort} → ${edge.target}.${edge.targetPort} is already connected` };
  }
  const types = new Map(g.nodes.map((n) => [n.id, n.type]));
  for (const id of [edge.source, edge.target]) {
    const t = types.get(id);
    if (t === undefined || !registry.has(t)) return { ok: 'unknown' };
  }
  const cyclesBefore = (before ?? validateDocument(doc, registry).diagnostics).filter((d) => d.code === 'E005' && sameScope(d.network, scope)).length;
  const index = g.edges.length;
  const after = validateDocument(connect(doc, scope, edge), registry).diagnostics;
  const onEdge = after.filter((d) => d.severity === 'error' && edgeIndexOf(d, scope) === index);
  if (onEdge.length > 0) return { ok: false, reason: onEdge.map((d) => `${d.code} ${d.message}`).join('; ') };
  const cycle = after.find((d) => d.code === 'E005' && sameScope(d.network, scope));
  if (cycle && cyclesBefore === 0) return { ok: false, reason: `${cycle.code} ${cycle.message}` };
  return { ok: true };
}

function sameScope(network: string | undefined, scope: ScopeName): boolean {
  return network === scope;
}
