import { APPLY_TYPE, type Contract, type Diagnostic, type GraphDocument, type NetworkDef, type NodeDoc, type PortSpec } from '@ganvas/core';
import type { Edge } from '@xyflow/react';
import { boundaryPorts, completeApplyPorts } from '../model/boundary-ports.js';
import type { Catalogue } from '../model/catalogue.js';
import { edgeLabel } from '../model/ports.js';
import { countProblems } from '../model/problem-counts.js';
import { problemsInside } from '../model/problems-inside.js';
import { builtScope, edgeKeys, getScope, type ScopeName } from '../model/scope.js';
import type { NodeContracts, ScopeDiagnostics, ValidationView } from '../model/validation.js';
import type { GanvasNode, InsideProblems, PortView, ShapeEdgeData } from './node-data.js';

/**
 * Document scope + catalogue + validation → React Flow nodes and edges. Pure: the canvas
 * rebuilds them whenever one of the three changes.
 */
function first(c: Contract | Contract[] | undefined): Contract | undefined {
  return Array.isArray(c) ? c[0] : c;
}

function portsOf(doc: NodeDoc, catalogue: Catalogue, contracts: NodeContracts | undefined): { inputs: PortSpec[]; outputs: PortSpec[] } {
  if (contracts?.ports && (contracts.ports.inputs.length || contracts.ports.outputs.length)) return contracts.ports;
  const entry = catalogue.get(doc.type);
  const inputs: PortSpec[] = [...(entry?.inputs ?? [])];
  const outputs: PortSpec[] = [...(entry?.outputs ?? [])];
  // Apply nodes validated by the runner: the network's ports are only in the contracts.
  if (contracts) {
    for (const [name, c] of Object.entries(contracts.inputs)) {
      const f = first(c);
      if (f && !inputs.some((p) => p.name === name)) inputs.push({ name, contract: f });
    }
    for (const [name, c] of Object.entries(contracts.outputs)) if (!outputs.some((p) => p.name === name)) outputs.push({ name, contract: c });
  }
  return { inputs, outputs };
}

/**
 * An Apply node whose network has an error inside gets from analysis `network` and at most the
 * network's inputs (when its core.input nodes are sound), never its outputs: it still shows the
 * definition's boundary ports for what is missing, so the edges on them stay drawn.
 */
function withBoundaryPorts(
  doc: NodeDoc,
  ports: { inputs: PortSpec[]; outputs: PortSpec[] },
  def: NetworkDef | undefined,
  catalogue: Catalogue,
  defContracts: Map<string, NodeContracts> | undefined,
): { inputs: PortSpec[]; outputs: PortSpec[] } {
  if (doc.type !== APPLY_TYPE || !def || ports.outputs.length > 0) return ports;
  return completeApplyPorts(ports.inputs, boundaryPorts(def, catalogue, defContracts));
}

/** The definition a node opens: a Network node's own, or the one of the network an Apply node runs. */
export function opensDefinition(doc: NodeDoc, nodes: NodeDoc[], edges: GraphDocument['edges']): string | undefined {
  if (doc.type === 'core.network') return typeof doc.params.definition === 'string' ? doc.params.definition : undefined;
  if (doc.type === 'core.apply') {
    const e = edges.find((x) => x.target === doc.id && x.targetPort === 'network');
    const src = e && nodes.find((n) => n.id === e.source);
    if (src) return opensDefinition(src, nodes, edges);
  }
  return undefined;
}

function insideSummary(definition: string, diagnostics: Diagnostic[] | undefined): InsideProblems | undefined {
  if (!diagnostics?.length) return undefined;
  const lines = diagnostics.map((d) => `${d.code} ${d.network ? `[${d.network}] ` : ''}${d.message}`);
  return { definition, ...countProblems(diagnostics), firstCode: diagnostics[0]!.code, lines };
}

export function buildNodes(
  gdoc: GraphDocument,
  scope: ScopeName,
  catalogue: Catalogue,
  view: ValidationView,
  diags: ScopeDiagnostics,
  onOpen: (definition: string, nodeId: string) => void,
): GanvasNode[] {
  const g = getScope(gdoc, scope);
  const contracts = view.scopes.get(scope ?? '');
  const inside = problemsInside(gdoc, view.diagnostics);
  return g.nodes.map((doc) => {
    const c = contracts?.get(doc.id);
    const entry = catalogue.get(doc.type);
    const opens = opensDefinition(doc, g.nodes, g.edges);
    const ports = withBoundaryPorts(doc, portsOf(doc, catalogue, c), opens ? gdoc.networks[opens] : undefined, catalogue, opens ? view.scopes.get(opens) : undefined);
    const toView = (p: PortSpec, actual: Contract | undefined): PortView => ({
      name: p.name,
      declared: p.contract,
      ...(actual ? { actual } : {}),
      ...(p.optional ? { optional: true } : {}),
      ...(p.multi ? { multi: true } : {}),
      ...(p.description ? { description: p.description } : {}),
    });
    // Plug-in nodes that build their own network open onto its layer graph, read-only.
    const built = entry?.opensAsNetwork ? builtScope(scope, doc.id) : undefined;
    return {
      id: doc.id,
      type: 'ganvas',
      position: doc.position,
      data: {
        doc,
        title: entry?.title ?? doc.type,
        category: entry?.category ?? 'unknown',
        ...(entry ? { packageName: entry.packageName } : { unknownType: true }),
        inputs: ports.inputs.map((p) => toView(p, first(c?.inputs[p.name]))),
        outputs: ports.outputs.map((p) => toView(p, c?.outputs[p.name])),
        diagnostics: diags.byNode.get(doc.id) ?? [],
        ...(opens && gdoc.networks[opens] ? { opens, onOpen } : built ? { opens: built, onOpen, opensBuilt: true } : {}),
        // Network and Apply nodes show what is wrong inside their definition, as core reports it
        // there (its errors also make an E019 on the Network node; its warnings nothing).
        ...(opens && gdoc.networks[opens] && inside.get(opens)?.length ? { inside: insideSummary(opens, inside.get(opens)) } : {}),
      },
    };
  });
}

export function buildEdges(gdoc: GraphDocument, scope: ScopeName, view: ValidationView, diags: ScopeDiagnostics): Edge<ShapeEdgeData>[] {
  const g = getScope(gdoc, scope);
  const keys = edgeKeys(g.edges);
  const contracts = view.scopes.get(scope ?? '');
  return g.edges.map((e, i) => {
    const c = contracts?.get(e.source)?.outputs[e.sourcePort];
    const label = edgeLabel(c);
    return {
      id: keys[i]!,
      source: e.source,
      sourceHandle: e.sourcePort,
      target: e.target,
      targetHandle: e.targetPort,
      type: 'shape',
      data: { diagnostics: diags.byEdge.get(i) ?? [], ...(label ? { label } : {}), ...(c ? { role: c.role } : {}) },
    };
  });
}
