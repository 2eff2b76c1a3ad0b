import { describeNodeTypes, validateDocument, type Diagnostic, type EdgeDoc, type GraphDocument, type Registry } from '@ganvas/core';
import { boundaryEdgeProblems } from './boundary-check.js';
import { mergeCatalogue, type Catalogue } from './catalogue.js';
import { connect } from './edit.js';
import { getScope, type ScopeName } from './scope.js';
import { edgeIndexOf } from './validation.js';

/**
 * Checks a connection the user is dragging, with the same validator that checks documents:
 * the candidate edge is added and the graph validated; errors that point at the new edge
 * (role, shape, dtype, range, port, "one edge only") or a new cycle refuse it, with the
 * validator's message as the reason. Node types the page does not know give `unknown`
 * (the runner decides after the drop). An Apply node whose network has an error inside gets
 * its inputs from core at most, not its outputs, and core checks no edge out of it: there the
 * network's boundary ports stand in, so a wrong edge is refused as when the network is healthy.
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
  const result = validateDocument(connect(doc, scope, edge), registry);
  const after = result.diagnostics;
  const onEdge = after.filter((d) => d.severity === 'error' && edgeIndexOf(d, scope) === index);
  if (onEdge.length > 0) return { ok: false, reason: onEdge.map((d) => `${d.code} ${d.message}`).join('; ') };
  const atBoundary = result.analysis ? boundaryEdgeProblems(result.analysis, scope, index, catalogueOf(registry)) : [];
  if (atBoundary.length > 0) return { ok: false, reason: atBoundary.map((d) => `${d.code} ${d.message}`).join('; ') };
  const cycle = after.find((d) => d.code === 'E005' && sameScope(d.network, scope));
  if (cycle && cyclesBefore === 0) return { ok: false, reason: `${cycle.code} ${cycle.message}` };
  return { ok: true };
}

// The boundary node types' descriptions (port contracts, default names), once per registry.
const catalogues = new WeakMap<Registry, Catalogue>();
function catalogueOf(registry: Registry): Catalogue {
  let c = catalogues.get(registry);
  if (!c) catalogues.set(registry, (c = mergeCatalogue(describeNodeTypes(registry), undefined)));
  return c;
}

function sameScope(network: string | undefined, scope: ScopeName): boolean {
  return network === scope;
}
