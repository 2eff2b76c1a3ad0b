import * as tf from '@tensorflow/tfjs-core';
import type { AnalyzedNode, AnalyzedScope, Analysis } from './analyze.js';
import type { NetworkSignature } from './contract.js';
import { APPLY_TYPE, INPUT_TYPE, NETWORK_TYPE, OUTPUT_TYPE, PREVIEW_TYPE } from './intrinsics.js';
import type { ForwardContext, Host, Network, NodeInstance, Value } from './node-definition.js';
import { GroupAbort } from './data-parallel.js';
import { PortValueMap, isNetwork } from './port-values.js';
import type { Rng } from './rng.js';

/**
 * Built graphs: node instances with their weights, and evaluation of ports on demand.
 * A scope (the top level, or one instance of a network definition) evaluates a node once
 * per evaluation context (memo), pulling only what the requested ports depend on.
 */

let runCounter = 0;

export interface StoredVariable {
  variable: tf.Variable;
  trainable: boolean;
  /** Never changes during a run: left out of checkpoints and step rollback. */
  frozen: boolean;
}

/** Owns every variable of a run, named by graph path (`G/conv1/kernel`) for checkpoints. */
export class VariableStore {
  readonly byPath = new Map<string, StoredVariable>();
  private readonly uid = `r${++runCounter}`;

  create(path: string, values: Float32Array, shape: number[], trainable: boolean, frozen = false): tf.Variable {
    if (this.byPath.has(path)) throw new Error(`weight "${path}" is created twice`);
    const v = tf.tidy(() => tf.variable(tf.tensor(values, shape, 'float32'), trainable, `${this.uid}/${path}`));
    this.byPath.set(path, { variable: v, trainable, frozen });
    return v;
  }

  /** Variables that can change during a run (everything but frozen, pretrained weights). */
  *mutable(): Generator<[string, tf.Variable]> {
    for (const [path, { variable, frozen }] of this.byPath) if (!frozen) yield [path, variable];
  }

  dispose(): void {
    for (const { variable } of this.byPath.values()) variable.dispose();
    this.byPath.clear();
  }
}

export interface BuildEnv {
  analysis: Analysis;
  store: VariableStore;
  rng: Rng;
  host: Host;
  batchSize: number;
}

export interface BuiltNode {
  analyzed: AnalyzedNode;
  /** Graph path prefix + id, e.g. `G/conv1`. */
  path: string;
  instance?: NodeInstance;
  network?: NetworkInstance;
  /** Variables this node created (nested networks included). */
  variables: { variable: tf.Variable; trainable: boolean }[];
}

/** One evaluation: computed node outputs, and the network inputs when inside a network. */
export interface Memo {
  outputs: Map<string, Record<string, Value>>;
  inputs?: Record<string, tf.Tensor>;
}

export function newMemo(inputs?: Record<string, tf.Tensor>): Memo {
  return inputs ? { outputs: new Map(), inputs } : { outputs: new Map() };
}

export class ScopeRuntime {
  readonly nodes = new Map<string, BuiltNode>();

  private constructor(readonly scope: AnalyzedScope) {}

  static async build(scope: AnalyzedScope, env: BuildEnv, prefix: string): Promise<ScopeRuntime> {
    const rt = new ScopeRuntime(scope);
    for (const id of scope.order) {
      const analyzed = scope.nodes.get(id)!;
      rt.nodes.set(id, await buildNode(analyzed, env, `${prefix}${id}`));
    }
    return rt;
  }

  /** Value of `node.port`, computing what it depends on (memoised in `memo`). */
  value(nodeId: string, port: string, memo: Memo, ctx: ForwardContext): Value {
    const outputs = this.evaluate(nodeId, memo, ctx);
    const v = outputs[port];
    if (v === undefined) throw new Error(`node ${nodeId} produced no value for "${port}"`);
    return v;
  }

  /** Values arriving at a node's inputs (for modifiers and previews that are not evaluated). */
  inputsOf(nodeId: string, memo: Memo, ctx: ForwardContext, skipRoles: string[] = ['phase']): Record<string, Value | Value[] | undefined> {
    const node = this.nodes.get(nodeId)!;
    const values: Record<string, Value | Value[] | undefined> = {};
    for (const spec of node.analyzed.inputs) {
      if (skipRoles.includes(spec.contract.role)) continue;
      const edges = node.analyzed.incoming.get(spec.name) ?? [];
      const got = edges.map(({ edge }) => this.value(edge.source, edge.sourcePort, memo, ctx));
      values[spec.name] = spec.multi ? got : got[0];
    }
    return values;
  }

  evaluate(nodeId: string, memo: Memo, ctx: ForwardContext): Record<string, Value> {
    const cached = memo.outputs.get(nodeId);
    if (cached) return cached;
    const node = this.nodes.get(nodeId);
    if (!node) throw new Error(`no node "${nodeId}"`);
    const type = node.analyzed.definition!.type;
    let out: Record<string, Value>;
    if (type === INPUT_TYPE) {
      const name = (node.analyzed.params as { name: string }).name;
      const v = memo.inputs?.[name];
      if (!v) throw new Error(`network input "${name}" was not given`);
      out = { y: v };
    } else if (type === NETWORK_TYPE) {
      out = { net: node.network! };
    } else if (type === APPLY_TYPE) {
      const values = this.inputsOf(nodeId, memo, ctx);
      const net = values.network;
      if (!isNetwork(net)) throw new Error(`node ${nodeId}: "network" is not a network`);
      const args: Record<string, tf.Tensor> = {};
      for (const p of net.signature.inputs) args[p.name] = values[p.name] as tf.Tensor;
      try {
        out = net.apply(args, ctx);
      } catch (e) {
        // A network applied several times (D on real and on fake images): say which application failed.
        if (e instanceof NodeFailure && e.appliedBy === undefined) e.setAppliedBy(node.path);
        throw e;
      }
    } else {
      const instance = node.instance;
      if (!instance?.forward) throw new Error(`node ${nodeId} (${type}) cannot be evaluated`);
      const inputs = this.inputsOf(nodeId, memo, ctx);
      try {
        out = instance.forward(new PortValueMap(nodeId, inputs), ctx);
      } catch (e) {
        if (e instanceof NodeFailure || e instanceof GroupAbort) throw e;
        throw new NodeFailure(node.path, type, e instanceof Error ? e.message : String(e), e);
      }
    }
    memo.outputs.set(nodeId, out);
    return out;
  }

  /** Every instance in this scope and nested network scopes. */
  *instances(): Generator<BuiltNode> {
    for (const node of this.nodes.values()) {
      yield node;
      if (node.network) yield* node.network.runtime.instances();
    }
  }

  dispose(): void {
    for (const node of this.nodes.values()) {
      node.instance?.dispose?.();
      node.network?.runtime.dispose();
    }
  }
}

/** One instance of a network definition: its own weights, applicable any number of times. */
export class NetworkInstance implements Network {
  readonly kind = 'network' as const;

  constructor(
    readonly name: string,
    readonly signature: NetworkSignature,
    readonly runtime: ScopeRuntime,
    private readonly vars: { variable: tf.Variable; trainable: boolean }[],
  ) {}

  apply(inputs: Record<string, tf.Tensor>, ctx: ForwardContext): Record<string, tf.Tensor> {
    const memo = newMemo(inputs);
    const out: Record<string, tf.Tensor> = {};
    for (const node of this.runtime.nodes.values()) {
      if (node.analyzed.definition?.type !== OUTPUT_TYPE) continue;
      const edge = node.analyzed.incoming.get('x')![0]!.edge;
      const name = (node.analyzed.params as { name: string }).name;
      out[name] = this.runtime.value(edge.source, edge.sourcePort, memo, ctx) as tf.Tensor;
    }
    return out;
  }

  trainableVariables(): tf.Variable[] {
    return this.vars.filter((v) => v.trainable).map((v) => v.variable);
  }

  variables(): tf.Variable[] {
    return this.vars.map((v) => v.variable);
  }
}

async function buildNode(analyzed: AnalyzedNode, env: BuildEnv, path: string): Promise<BuiltNode> {
  const def = analyzed.definition!;
  const built: BuiltNode = { analyzed, path, variables: [] };
  if (def.type === NETWORK_TYPE) {
    const name = (analyzed.params as { definition: string }).definition;
    const scope = env.analysis.networks.get(name)!;
    const before = env.store.byPath.size;
    const runtime = await ScopeRuntime.build(scope, env, `${path}/`);
    const vars = [...env.store.byPath.values()].slice(before);
    built.variables = vars;
    built.network = new NetworkInstance(analyzed.doc.label ?? analyzed.doc.id, scope.signature!, runtime, vars);
    return built;
  }
  if ([INPUT_TYPE, OUTPUT_TYPE, APPLY_TYPE, PREVIEW_TYPE].includes(def.type)) return built;
  try {
    built.instance = await def.build({
      nodeId: analyzed.doc.id,
      path,
      params: analyzed.params,
      inputs: analyzed.inContracts,
      outputs: analyzed.outContracts,
      batchSize: env.batchSize,
      rng: env.rng,
      host: env.host,
      weight(name, shape, init, options) {
        for (const d of shape) {
          if (!Number.isInteger(d) || d <= 0) {
            throw new Error(`weight "${name}" needs a concrete shape, got [${shape.join(', ')}]`);
          }
        }
        const frozen = options?.frozen ?? false;
        const trainable = frozen ? false : (options?.trainable ?? true);
        const v = env.store.create(`${path}/${name}`, init(env.rng, shape), shape, trainable, frozen);
        built.variables.push({ variable: v, trainable });
        return v;
      },
    });
  } catch (e) {
    throw new BuildError(analyzed.doc.id, path, (e as Error).message);
  }
  return built;
}

/**
 * A node's forward computation threw (a tensor shape TensorFlow.js rejects, a plug-in's own
 * error, …). Names the node by its path, `D/conv3` inside network node D, and which apply node
 * ran that network, so the message points at the graph, not only at the tfjs kernel.
 */
export class NodeFailure extends Error {
  appliedBy: string | undefined;

  constructor(
    /** Graph path of the node, e.g. `D/conv3`. */
    readonly path: string,
    readonly type: string,
    /** What the node threw. */
    readonly detail: string,
    override readonly cause?: unknown,
  ) {
    super(NodeFailure.format(path, type, detail, undefined));
  }

  setAppliedBy(apply: string): void {
    this.appliedBy = apply;
    this.message = NodeFailure.format(this.path, this.type, this.detail, apply);
  }

  private static format(path: string, type: string, detail: string, apply: string | undefined): string {
    return `node "${path}" (${type}${apply ? `, applied by "${apply}"` : ''}): ${detail}`;
  }
}

/** A node failed to build (bad weights file, symbolic dim, …): names the node. */
export class BuildError extends Error {
  constructor(
    readonly nodeId: string,
    readonly path: string,
    detail: string,
  ) {
    super(`node "${path}": ${detail}`);
  }
}
