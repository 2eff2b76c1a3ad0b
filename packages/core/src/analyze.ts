import {
  type Bindings,
  type Contract,
  type NetworkSignature,
  formatShape,
  rolesCompatible,
  substitute,
  unifyShape,
} from './contract.js';
import type { Diagnostic, JsonPath } from './diagnostics.js';
import type { EdgeDoc, GraphDocument, NodeDoc } from './document.js';
import { APPLY_TYPE, INPUT_TYPE, NETWORK_TYPE, OUTPUT_TYPE } from './intrinsics.js';
import type { NodeDefinition, PortSpec } from './node-definition.js';
import type { Registry } from './registry.js';

/**
 * Static analysis of a graph document: resolves node types, parses params, checks every
 * edge, finds cycles and infers every port's contract (shapes included) in topological
 * order — before any tensor exists. It records problems as diagnostics and never throws
 * for bad documents; the compiler builds only from an analysis without errors.
 */

export interface IncomingEdge {
  edge: EdgeDoc;
  index: number;
}

export interface AnalyzedNode {
  doc: NodeDoc;
  index: number;
  definition?: NodeDefinition<any>;
  params?: unknown;
  inputs: PortSpec[];
  outputs: PortSpec[];
  /** Contracts of connected inputs (array for multi ports). */
  inContracts: Record<string, Contract | Contract[] | undefined>;
  outContracts: Record<string, Contract>;
  /** Incoming edges by target port, in document order. */
  incoming: Map<string, IncomingEdge[]>;
  /** False when the node itself is broken (downstream checks against it are skipped). */
  ok: boolean;
}

export interface AnalyzedScope {
  /** `undefined` for the top level, else the network definition's name. */
  network?: string;
  nodes: Map<string, AnalyzedNode>;
  /** Node ids in a topological order (only when the scope has no cycle). */
  order: string[];
  /** For network definitions: the signature callers see. */
  signature?: NetworkSignature;
  ok: boolean;
}

export interface Analysis {
  document: GraphDocument;
  top: AnalyzedScope;
  networks: Map<string, AnalyzedScope>;
  diagnostics: Diagnostic[];
}

export function analyze(document: GraphDocument, registry: Registry): Analysis {
  return new Analyzer(document, registry).run();
}

class Analyzer {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly networks = new Map<string, AnalyzedScope>();
  private readonly inProgress: string[] = [];

  constructor(
    private readonly document: GraphDocument,
    private readonly registry: Registry,
  ) {}

  run(): Analysis {
    for (const name of Object.keys(this.document.networks)) this.network(name);
    const top = this.scope(this.document.nodes, this.document.edges, ['nodes'], ['edges'], undefined);
    this.checkTraining(top);
    return { document: this.document, top, networks: this.networks, diagnostics: this.diagnostics };
  }

  private report(d: Diagnostic): void {
    this.diagnostics.push(d);
  }

  /** Analyse a network definition once (memoised); detects definitions that contain themselves. */
  private network(name: string): AnalyzedScope | undefined {
    const done = this.networks.get(name);
    if (done) return done;
    const def = this.document.networks[name];
    if (!def) return undefined;
    if (this.inProgress.includes(name)) {
      this.report({
        code: 'E019',
        severity: 'error',
        path: ['networks', name],
        network: name,
        message: `network definition "${name}" contains itself: ${[...this.inProgress, name].join(' → ')}`,
      });
      return { network: name, nodes: new Map(), order: [], ok: false };
    }
    this.inProgress.push(name);
    const scope = this.scope(def.nodes, def.edges, ['networks', name, 'nodes'], ['networks', name, 'edges'], name);
    this.inProgress.pop();
    this.networkSignature(scope, name);
    this.networks.set(name, scope);
    return scope;
  }

  private networkSignature(scope: AnalyzedScope, name: string): void {
    const inputs: NetworkSignature['inputs'] = [];
    const outputs: NetworkSignature['outputs'] = [];
    for (const node of scope.nodes.values()) {
      if (node.definition?.type === INPUT_TYPE && node.ok) {
        inputs.push({ name: (node.params as { name: string }).name, contract: node.outContracts.y! });
      }
      if (node.definition?.type === OUTPUT_TYPE) {
        const c = node.inContracts.x;
        if (c && !Array.isArray(c)) outputs.push({ name: (node.params as { name: string }).name, contract: c });
      }
    }
    const basePath: JsonPath = ['networks', name];
    const has = (type: string) => [...scope.nodes.values()].some((n) => n.definition?.type === type);
    if (has(INPUT_TYPE) && has(OUTPUT_TYPE) && (inputs.length === 0 || outputs.length === 0)) {
      // The boundary nodes are there but their contracts are unknown: an error upstream of
      // them has been reported already, and repeating "needs an input/output" would mislead.
      scope.ok = false;
    } else if (inputs.length === 0 || outputs.length === 0) {
      this.report({
        code: 'E019',
        severity: 'error',
        path: basePath,
        network: name,
        message: `network definition "${name}" needs at least one ${INPUT_TYPE} and one ${OUTPUT_TYPE} node`,
      });
      scope.ok = false;
    }
    for (const list of [inputs, outputs]) {
      const seen = new Set<string>();
      for (const p of list) {
        if (seen.has(p.name) || p.name === 'network') {
          this.report({
            code: 'E019',
            severity: 'error',
            path: basePath,
            network: name,
            message: `network definition "${name}" has two boundary ports named "${p.name}" (or one named "network", which is reserved)`,
          });
          scope.ok = false;
        }
        seen.add(p.name);
      }
    }
    scope.signature = { inputs, outputs };
  }

  private scope(
    nodes: NodeDoc[],
    edges: EdgeDoc[],
    nodesPath: JsonPath,
    edgesPath: JsonPath,
    network: string | undefined,
  ): AnalyzedScope {
    const where = network === undefined ? {} : { network };
    const scope: AnalyzedScope = { nodes: new Map(), order: [], ok: true, ...where };
    const errorsBefore = this.diagnostics.filter((d) => d.severity === 'error').length;

    nodes.forEach((doc, index) => {
      if (scope.nodes.has(doc.id)) {
        this.report({
          code: 'E009',
          severity: 'error',
          path: [...nodesPath, index, 'id'],
          nodeId: doc.id,
          message: `node id "${doc.id}" is used twice`,
          ...where,
        });
        return;
      }
      scope.nodes.set(doc.id, this.resolveNode(doc, index, nodesPath, where));
    });

    // Edges: dangling ends are found here; ports are checked when the target is inferred.
    const adjacency = new Map<string, Set<string>>();
    for (const id of scope.nodes.keys()) adjacency.set(id, new Set());
    edges.forEach((edge, index) => {
      const path = [...edgesPath, index];
      const missing = [edge.source, edge.target].filter((id) => !scope.nodes.has(id));
      if (missing.length > 0) {
        this.report({
          code: 'E007',
          severity: 'error',
          path,
          ...(edge.id ? { edgeId: edge.id } : {}),
          message: `edge ${edge.source}.${edge.sourcePort} → ${edge.target}.${edge.targetPort} refers to missing node${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(' and ')}`,
          ...where,
        });
        return;
      }
      const target = scope.nodes.get(edge.target)!;
      const list = target.incoming.get(edge.targetPort) ?? [];
      list.push({ edge, index });
      target.incoming.set(edge.targetPort, list);
      adjacency.get(edge.source)!.add(edge.target);
    });

    const order = topologicalOrder(adjacency);
    if (order.cycle) {
      const first = scope.nodes.get(order.cycle[0]!)!;
      this.report({
        code: 'E005',
        severity: 'error',
        path: [...nodesPath, first.index],
        nodeId: first.doc.id,
        message: `cycle: ${order.cycle.join(' → ')}`,
        ...where,
      });
      scope.ok = false;
      return scope;
    }
    scope.order = order.order;
    for (const id of scope.order) this.inferNode(scope, scope.nodes.get(id)!, nodesPath, edgesPath, where);
    this.lintBiasBeforeNorm(scope, edges, nodesPath, where);
    const errorsAfter = this.diagnostics.filter((d) => d.severity === 'error').length;
    scope.ok = errorsAfter === errorsBefore;
    return scope;
  }

  /**
   * W001: a bias whose every consumer subtracts the channel mean (batch / instance norm) is
   * dead weight. Its true gradient is zero, so Adam, which divides by the gradient's running
   * size, turns rounding noise into steps of the full learning rate.
   */
  private lintBiasBeforeNorm(
    scope: AnalyzedScope,
    edges: EdgeDoc[],
    nodesPath: JsonPath,
    where: { network?: string },
  ): void {
    const consumersOf = new Map<string, (AnalyzedNode | undefined)[]>();
    for (const e of edges) consumersOf.set(e.source, [...(consumersOf.get(e.source) ?? []), scope.nodes.get(e.target)]);
    for (const node of scope.nodes.values()) {
      const param = node.ok && node.params !== undefined ? node.definition?.lint?.channelBias?.(node.params) : undefined;
      if (param === undefined) continue;
      const consumers = consumersOf.get(node.doc.id) ?? [];
      if (consumers.length === 0) continue;
      if (!consumers.every((c) => c?.definition?.lint?.removesChannelMean)) continue;
      const names = [...new Set(consumers.map((c) => `"${c!.doc.id}" (${c!.doc.type})`))].join(', ');
      this.report({
        code: 'W001',
        severity: 'warning',
        path: [...nodesPath, node.index, 'params', param],
        nodeId: node.doc.id,
        message:
          `the bias of "${node.doc.id}" feeds only ${names}, which subtracts each channel's mean: the bias ` +
          `changes nothing, its gradient is zero and Adam turns rounding noise into full-size steps; set ${param} to false`,
        ...where,
      });
    }
  }

  private resolveNode(doc: NodeDoc, index: number, nodesPath: JsonPath, where: { network?: string }): AnalyzedNode {
    const node: AnalyzedNode = {
      doc,
      index,
      inputs: [],
      outputs: [],
      inContracts: {},
      outContracts: {},
      incoming: new Map(),
      ok: false,
    };
    const path = [...nodesPath, index];
    const registered = this.registry.get(doc.type);
    if (!registered) {
      this.report({
        code: 'E001',
        severity: 'error',
        path: [...path, 'type'],
        nodeId: doc.id,
        message: `unknown node type "${doc.type}"; is the plug-in that provides it installed? (\`ganvas nodes\` lists what is)`,
        ...where,
      });
      return node;
    }
    const def = registered.definition;
    node.definition = def;
    let raw: Record<string, unknown> = doc.params;
    if (doc.version > def.version) {
      this.report({
        code: 'E015',
        severity: 'error',
        path: [...path, 'version'],
        nodeId: doc.id,
        message: `node "${doc.id}" was saved with ${doc.type} version ${doc.version}, but ${registered.packageName} provides version ${def.version}; upgrade the plug-in`,
        ...where,
      });
      return node;
    }
    for (let v = doc.version; v < def.version; v++) {
      const step = def.migrations?.find((m) => m.from === v);
      if (!step) {
        this.report({
          code: 'E015',
          severity: 'error',
          path: [...path, 'version'],
          nodeId: doc.id,
          message: `node "${doc.id}": ${doc.type} has no migration from version ${v} to ${v + 1}`,
          ...where,
        });
        return node;
      }
      raw = step.up(raw);
    }
    // Ports come from the definition, not the params: knowing them even when the params are bad
    // keeps one bad param from also reporting every edge into the node as dangling.
    node.inputs = def.inputs;
    node.outputs = def.outputs;
    const parsed = def.params.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const p = issue.path.map((k) => (typeof k === 'symbol' ? String(k) : k));
        this.report({
          code: 'E006',
          severity: 'error',
          path: [...path, 'params', ...p],
          nodeId: doc.id,
          message: `node "${doc.id}" (${doc.type}): param ${p.length ? `"${p.join('.')}"` : ''} ${issue.message}`.replace('  ', ' '),
          ...where,
        });
      }
      return node;
    }
    node.params = parsed.data;
    node.ok = true;
    return node;
  }

  private inferNode(
    scope: AnalyzedScope,
    node: AnalyzedNode,
    nodesPath: JsonPath,
    edgesPath: JsonPath,
    where: { network?: string },
  ): void {
    const path = [...nodesPath, node.index];
    const id = node.doc.id;
    const type = node.definition?.type;

    // Ports that depend on a network definition.
    if (node.ok && type === NETWORK_TYPE) {
      const name = (node.params as { definition: string }).definition;
      const net = this.network(name);
      if (!net) {
        const known = Object.keys(this.document.networks);
        this.report({
          code: 'E010',
          severity: 'error',
          path: [...path, 'params', 'definition'],
          nodeId: id,
          message: `node "${id}" refers to network definition "${name}", which the document does not have (it has: ${known.join(', ') || 'none'})`,
          ...where,
        });
        node.ok = false;
      } else if (!net.ok || !net.signature) {
        this.report({
          code: 'E019',
          severity: 'error',
          path: [...path, 'params', 'definition'],
          nodeId: id,
          message: `node "${id}": network definition "${name}" has errors (see networks.${name})`,
          ...where,
        });
        node.ok = false;
        // The inputs of a broken definition are still known when every core.input node is
        // sound: its Apply nodes get them, so a wrong edge into one is reported as it would be
        // were the network healthy (its outputs stay unknown).
        if (net.signature && boundaryInputsKnown(net)) node.outContracts = { net: { role: 'network', network: { inputs: net.signature.inputs, outputs: [] } } };
      } else {
        node.outContracts = { net: { role: 'network', network: net.signature } };
      }
      return;
    }

    if (node.ok && type === APPLY_TYPE) {
      const netEdge = node.incoming.get('network')?.[0];
      const src = netEdge ? scope.nodes.get(netEdge.edge.source) : undefined;
      const sig = src?.outContracts[netEdge!.edge.sourcePort]?.network;
      if (!netEdge) {
        this.report({
          code: 'E002',
          severity: 'error',
          path,
          nodeId: id,
          port: 'network',
          message: `node "${id}": input "network" is not connected; connect a Network node's "net"`,
          ...where,
        });
        node.ok = false;
        return;
      }
      if (!sig) {
        if (src?.ok) {
          this.report({
            code: 'E003',
            severity: 'error',
            path: [...edgesPath, netEdge.index],
            nodeId: id,
            port: 'network',
            message: `edge ${netEdge.edge.source}.${netEdge.edge.sourcePort} → ${id}.network: not a network`,
            ...where,
          });
        }
        node.ok = false;
        return;
      }
      // A broken network (src not ok) gives its inputs only; the network edge then fails silently below.
      node.inputs = [{ name: 'network', contract: { role: 'network' } }, ...sig.inputs.map((p) => ({ name: p.name, contract: p.contract }))];
      node.outputs = sig.outputs.map((p) => ({ name: p.name, contract: p.contract }));
    }

    // Incoming edges: ports exist, single ports have one edge, contracts agree.
    const bindings: Bindings = new Map();
    let inputsOk = true;
    for (const [port, list] of node.incoming) {
      const spec = node.inputs.find((p) => p.name === port);
      if (!spec) {
        if (node.definition) {
          for (const { edge, index } of list) {
            this.report({
              code: 'E007',
              severity: 'error',
              path: [...edgesPath, index, 'targetPort'],
              nodeId: id,
              port,
              ...(edge.id ? { edgeId: edge.id } : {}),
              message: `edge ${edge.source}.${edge.sourcePort} → ${id}.${port}: "${id}" (${type}) has no input "${port}"; its inputs are ${node.inputs.map((p) => p.name).join(', ') || 'none'}`,
              ...where,
            });
          }
        }
        inputsOk = false;
        continue;
      }
      if (!spec.multi && list.length > 1) {
        this.report({
          code: 'E011',
          severity: 'error',
          path: [...edgesPath, list[1]!.index],
          nodeId: id,
          port,
          message: `input ${id}.${port} takes one edge but has ${list.length} (from ${list.map((e) => e.edge.source).join(', ')})`,
          ...where,
        });
        inputsOk = false;
      }
      const contracts: Contract[] = [];
      for (const { edge, index } of list) {
        const src = scope.nodes.get(edge.source)!;
        if (!src.ok) {
          inputsOk = false;
          continue;
        }
        const got = src.outContracts[edge.sourcePort];
        const epath = [...edgesPath, index];
        const label = `edge ${edge.source}.${edge.sourcePort} → ${id}.${port}`;
        if (!got) {
          const outs = Object.keys(src.outContracts);
          this.report({
            code: 'E007',
            severity: 'error',
            path: [...epath, 'sourcePort'],
            nodeId: edge.source,
            port: edge.sourcePort,
            ...(edge.id ? { edgeId: edge.id } : {}),
            message: `${label}: "${edge.source}" has no output "${edge.sourcePort}"; its outputs are ${outs.join(', ') || 'none'}`,
            ...where,
          });
          inputsOk = false;
          continue;
        }
        const problem = contractProblem(got, spec.contract, bindings, label, edge.source, id);
        if (problem) {
          this.report({ ...problem, path: epath, nodeId: id, port, ...(edge.id ? { edgeId: edge.id } : {}), ...where });
          if (problem.severity === 'error') inputsOk = false;
          continue;
        }
        contracts.push(got);
      }
      node.inContracts[port] = spec.multi ? contracts : contracts[0];
    }
    if (!node.ok) return;
    for (const spec of node.inputs) {
      if (!spec.optional && !node.incoming.has(spec.name)) {
        this.report({
          code: 'E002',
          severity: 'error',
          path,
          nodeId: id,
          port: spec.name,
          message: `node "${id}" (${type}): required input "${spec.name}" (${spec.contract.role} ${formatShape(spec.contract.shape)}) is not connected`,
          ...where,
        });
        inputsOk = false;
      }
    }
    if (!inputsOk) {
      node.ok = false;
      return;
    }

    if (type === INPUT_TYPE) {
      const p = node.params as { role: Contract['role']; dtype: 'float32' | 'int32'; shape: (number | string)[]; range?: [number, number] };
      node.outContracts = { y: { role: p.role, dtype: p.dtype, shape: p.shape, ...(p.range ? { range: p.range } : {}) } };
      return;
    }

    const declaredOutputs: Record<string, Contract> = {};
    for (const out of node.outputs) {
      declaredOutputs[out.name] = out.contract.shape
        ? { ...out.contract, shape: substitute(out.contract.shape, bindings) }
        : { ...out.contract };
    }
    if (type === APPLY_TYPE || !node.definition?.infer) {
      node.outContracts = declaredOutputs;
      return;
    }
    try {
      const result = node.definition.infer({
        nodeId: id,
        params: node.params,
        inputs: node.inContracts,
        bindings,
        declaredOutputs,
      });
      if ('errors' in result) {
        for (const e of result.errors) {
          this.report({
            code: 'E016',
            severity: 'error',
            path,
            nodeId: id,
            ...(e.port ? { port: e.port } : {}),
            message: `node "${id}" (${type}): ${e.message}`,
            ...where,
          });
        }
        node.ok = false;
        return;
      }
      node.outContracts = result.outputs;
    } catch (e) {
      this.report({
        code: 'E016',
        severity: 'error',
        path,
        nodeId: id,
        message: `node "${id}" (${type}): shape inference failed: ${(e as Error).message}`,
        ...where,
      });
      node.ok = false;
    }
  }

  /** Top-level checks that concern training as a whole. */
  private checkTraining(top: AnalyzedScope): void {
    const optimizers = [...top.nodes.values()].filter((n) => n.definition?.category === 'optimizer');
    if (optimizers.length === 0 && top.nodes.size > 0) {
      this.report({
        code: 'E014',
        severity: 'error',
        path: ['nodes'],
        message: 'nothing to train: the graph has no optimizer node (add one and connect a loss and the networks it updates)',
      });
    }
    for (const opt of optimizers) {
      if (!opt.incoming.get('params')?.length) {
        this.report({
          code: 'E008',
          severity: 'error',
          path: ['nodes', opt.index],
          nodeId: opt.doc.id,
          port: 'params',
          message: `optimizer "${opt.doc.id}" has nothing to train: connect the networks it updates to its "params" input`,
        });
      }
    }
    const schedules = [...top.nodes.values()].filter((n) => n.definition?.category === 'training' && n.inputs.some((p) => p.name === 'phases'));
    if (schedules.length > 1) {
      this.report({
        code: 'E018',
        severity: 'error',
        path: ['nodes', schedules[1]!.index],
        nodeId: schedules[1]!.doc.id,
        message: `a graph has at most one schedule; found ${schedules.map((s) => s.doc.id).join(', ')}`,
      });
    }
    if (schedules.length === 1) {
      const reached = phasesReaching(top, schedules[0]!);
      for (const opt of optimizers) {
        if (!reached.has(opt.doc.id)) {
          this.report({
            code: 'E018',
            severity: 'error',
            path: ['nodes', opt.index],
            nodeId: opt.doc.id,
            message: `optimizer "${opt.doc.id}" is not connected to the schedule "${schedules[0]!.doc.id}", so it would never run`,
          });
        }
      }
    }
  }
}

/** Optimizer ids whose phases reach `schedule` through phase modifiers. */
/**
 * Whether what an edge carries (`got`) fits what its port expects (`want`): role, dtype, shape
 * (binding `want`'s symbols in `bindings`) and range, in that order; the first mismatch as an
 * error diagnostic without its path. `label` names the edge, `from`/`to` its nodes. Exported so
 * tools that check an edge outside a full analysis (the editor, while a network is broken) word
 * it exactly as the validator does.
 */
export function contractProblem(
  got: Contract,
  want: Contract,
  bindings: Bindings,
  label: string,
  from: string,
  to: string,
): Omit<Diagnostic, 'path'> | undefined {
  if (!rolesCompatible(got.role, want.role)) {
    return { code: 'E003', severity: 'error', message: `${label}: ${to} expects ${want.role}, ${from} gives ${got.role}` };
  }
  if (want.dtype && got.dtype && want.dtype !== got.dtype) {
    return { code: 'E017', severity: 'error', message: `${label}: ${to} expects ${want.dtype}, ${from} gives ${got.dtype}` };
  }
  if (want.shape && got.shape) {
    const mismatch = unifyShape(got.shape, want.shape, bindings);
    if (mismatch) {
      return {
        code: 'E004',
        severity: 'error',
        message: `${label}: ${to} expects ${formatShape(substitute(want.shape, bindings))}, ${from} makes ${formatShape(got.shape)} (${mismatch})`,
      };
    }
  }
  if (want.range && got.range && (want.range[0] !== got.range[0] || want.range[1] !== got.range[1])) {
    return {
      code: 'E013',
      severity: 'error',
      message: `${label}: ${to} expects values in [${want.range.join(', ')}], ${from} gives [${got.range.join(', ')}]`,
    };
  }
  return undefined;
}

export function phasesReaching(top: AnalyzedScope, schedule: AnalyzedNode): Set<string> {
  const found = new Set<string>();
  const visit = (node: AnalyzedNode) => {
    for (const list of node.incoming.values()) {
      for (const { edge } of list) {
        const src = top.nodes.get(edge.source);
        if (!src) continue;
        if (src.definition?.category === 'optimizer') found.add(src.doc.id);
        else if (src.inputs.some((p) => p.contract.role === 'phase')) visit(src);
      }
    }
  };
  visit(schedule);
  return found;
}

function topologicalOrder(adjacency: Map<string, Set<string>>): { order: string[]; cycle?: string[] } {
  const indegree = new Map<string, number>();
  for (const id of adjacency.keys()) indegree.set(id, 0);
  for (const targets of adjacency.values()) for (const t of targets) indegree.set(t, (indegree.get(t) ?? 0) + 1);
  const queue = [...adjacency.keys()].filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (queue.length) {
    const id = queue.shift()!;
    order.push(id);
    for (const t of adjacency.get(id)!) {
      const d = indegree.get(t)! - 1;
      indegree.set(t, d);
      if (d === 0) queue.push(t);
    }
  }
  if (order.length === adjacency.size) return { order };
  // Walk from a node left on a cycle until a node repeats.
  const left = new Set([...adjacency.keys()].filter((id) => !order.includes(id)));
  // Drop nodes that are merely downstream of a cycle until every node left has a successor on one.
  let pruned = true;
  while (pruned) {
    pruned = false;
    for (const id of left) {
      if (![...adjacency.get(id)!].some((t) => left.has(t))) {
        left.delete(id);
        pruned = true;
      }
    }
  }
  const path: string[] = [];
  let cur = [...left][0]!;
  while (!path.includes(cur)) {
    path.push(cur);
    cur = [...adjacency.get(cur)!].find((t) => left.has(t))!;
  }
  const cycle = [...path.slice(path.indexOf(cur)), cur];
  return { order, cycle };
}

/** Every core.input node of a network definition analysed soundly (contract known), with distinct names. */
function boundaryInputsKnown(scope: AnalyzedScope): boolean {
  const boundary = [...scope.nodes.values()].filter((n) => n.definition?.type === INPUT_TYPE);
  const names = new Set(scope.signature?.inputs.map((p) => p.name));
  // A scope with a cycle stops before inferring anything: its inputs have no contracts yet.
  return boundary.every((n) => n.ok && n.outContracts.y) && names.size === boundary.length && scope.signature?.inputs.length === boundary.length && !names.has('network');
}
