import {
  APPLY_TYPE,
  NETWORK_TYPE,
  contractProblem,
  type Analysis,
  type AnalyzedNode,
  type AnalyzedScope,
  type Bindings,
  type Contract,
  type DiagnosticCode,
  type EdgeDoc,
  type PortSpec,
} from '@ganvas/core';
import { boundaryPorts, completeApplyPorts } from './boundary-ports.js';
import type { Catalogue } from './catalogue.js';
import type { ScopeName } from './scope.js';
import { scopeContracts } from './validation.js';

/** A problem with one edge, as the validator would word it. */
export interface EdgeProblem {
  code: DiagnosticCode;
  message: string;
}

type Ports = { inputs: PortSpec[]; outputs: PortSpec[] };

/**
 * The ports of an Apply node whose network definition failed analysis: `network` plus the
 * definition's boundary ports (see boundaryPorts), or undefined for any other node. Core gives
 * such a node the network's inputs at most (and checks the edges into them), never its outputs,
 * and skips the edges out of it, so nothing else checks those.
 */
export function fallbackPorts(node: AnalyzedNode, scope: AnalyzedScope, analysis: Analysis, catalogue: Catalogue): Ports | undefined {
  if (node.definition?.type !== APPLY_TYPE || node.params === undefined) return undefined;
  if (node.outputs.length > 0) return undefined;
  const netEdge = node.incoming.get('network')?.[0]?.edge;
  const net = netEdge ? scope.nodes.get(netEdge.source) : undefined;
  if (net?.definition?.type !== NETWORK_TYPE || net.params === undefined) return undefined;
  const name = (net.params as { definition: string }).definition;
  const def = analysis.document.networks[name];
  const analysed = analysis.networks.get(name);
  // A missing definition (E010) is reported on the Network node; a healthy one gave ports.
  if (!def || !analysed || (analysed.ok && analysed.signature)) return undefined;
  return completeApplyPorts(node.inputs, boundaryPorts(def, catalogue, scopeContracts(analysed)));
}

/**
 * Checks edge `index` of `scope` (the one being dragged) when one of its ends is an Apply node
 * whose network is broken: the boundary ports stand in for the network's signature, and the
 * edge gets the checks core gives every other edge (port exists, one edge per single input,
 * role, dtype, shape, range), in core's order and words. Other edges into the same node only
 * bind shape symbols, as in core. Empty when neither end is such a node (core checked it).
 */
export function boundaryEdgeProblems(analysis: Analysis, scopeName: ScopeName, index: number, catalogue: Catalogue): EdgeProblem[] {
  const scope = scopeName === undefined ? analysis.top : analysis.networks.get(scopeName);
  const edge = (scopeName === undefined ? analysis.document.edges : analysis.document.networks[scopeName]?.edges)?.[index];
  const target = edge && scope?.nodes.get(edge.target);
  const source = edge && scope?.nodes.get(edge.source);
  if (!scope || !edge || !target || !source) return [];
  // A cycle stops inference before any contract is known; the caller refuses it as a cycle.
  if (scope.order.length < scope.nodes.size) return [];
  const fallback = new Map<AnalyzedNode, Ports | undefined>();
  const portsOf = (n: AnalyzedNode) => {
    if (!fallback.has(n)) fallback.set(n, fallbackPorts(n, scope, analysis, catalogue));
    return fallback.get(n);
  };
  if (!portsOf(target) && !portsOf(source)) return [];
  const outputsOf = (n: AnalyzedNode): Record<string, Contract> | undefined => {
    const ports = portsOf(n);
    if (ports) return Object.fromEntries(ports.outputs.map((p) => [p.name, p.contract]));
    return n.ok ? n.outContracts : undefined;
  };
  const inputs = portsOf(target)?.inputs ?? target.inputs;
  return incomingProblems(target, inputs, outputsOf, scope, index);
}

/** Core's incoming-edge checks of one node (analyze.ts, inferNode), kept for edge `index` only. */
function incomingProblems(
  target: AnalyzedNode,
  inputs: PortSpec[],
  outputsOf: (n: AnalyzedNode) => Record<string, Contract> | undefined,
  scope: AnalyzedScope,
  index: number,
): EdgeProblem[] {
  const id = target.doc.id;
  const problems: EdgeProblem[] = [];
  const bindings: Bindings = new Map();
  for (const [port, list] of target.incoming) {
    const spec = inputs.find((p) => p.name === port);
    const mine = list.find((e) => e.index === index)?.edge;
    if (!spec) {
      if (mine) {
        const names = inputs.map((p) => p.name).join(', ') || 'none';
        problems.push({ code: 'E007', message: `${label(mine, id, port)}: "${id}" (${target.doc.type}) has no input "${port}"; its inputs are ${names}` });
      }
      continue;
    }
    if (!spec.multi && list.length > 1 && list[1]!.index === index) {
      problems.push({ code: 'E011', message: `input ${id}.${port} takes one edge but has ${list.length} (from ${list.map((e) => e.edge.source).join(', ')})` });
    }
    for (const { edge, index: at } of list) {
      const src = scope.nodes.get(edge.source);
      const outs = src && outputsOf(src);
      if (!outs) continue;
      const got = outs[edge.sourcePort];
      if (!got) {
        if (at === index) {
          const names = Object.keys(outs).join(', ') || 'none';
          problems.push({ code: 'E007', message: `${label(edge, id, port)}: "${edge.source}" has no output "${edge.sourcePort}"; its outputs are ${names}` });
        }
        continue;
      }
      // Bind shape symbols in edge order even for the other edges, as core does.
      const problem = contractProblem(got, spec.contract, bindings, label(edge, id, port), edge.source, id);
      if (problem && at === index) problems.push({ code: problem.code, message: problem.message });
    }
  }
  return problems;
}

function label(edge: EdgeDoc, target: string, port: string): string {
  return `edge ${edge.source}.${edge.sourcePort} → ${target}.${port}`;
}
