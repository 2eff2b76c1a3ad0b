import type * as tf from '@tensorflow/tfjs-core';
import type { z } from 'zod';
import type { Bindings, Contract, NetworkSignature } from './contract.js';
import type { DataParallelQuery, DataParallelSupport, Shard } from './data-parallel.js';
import type { NetworkDef } from './document.js';
import type { Initializer } from './initializers.js';
import type { Rng } from './rng.js';

/**
 * The node-definition API: the one contract between the engine and every plug-in.
 * A node type is serialisable metadata (id, version, ports, params schema, docs) plus a
 * `build` that returns a live instance for one run.
 */

export type Category =
  | 'data'
  | 'layer'
  | 'network'
  | 'loss'
  | 'optimizer'
  | 'training'
  | 'output'
  | 'math';

export interface PortSpec {
  name: string;
  contract: Contract;
  /** One line shown in the editor and in `ganvas nodes`. */
  description?: string;
  /** Inputs only: the node runs without it. */
  optional?: boolean;
  /** Inputs only: accepts several edges; values arrive as an array in the document's edge order. */
  multi?: boolean;
}

/** Migrates a node's params from `from` to `from + 1`. Must not mutate its input. */
export interface ParamMigration {
  from: number;
  name: string;
  up(params: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

export interface InferContext<P> {
  nodeId: string;
  params: P;
  /** Contracts of what is connected (an array for multi ports; undefined when unconnected). */
  inputs: Record<string, Contract | Contract[] | undefined>;
  /** Symbols bound while unifying the inputs with the declared port contracts. */
  bindings: Bindings;
  /** The declared outputs with bound symbols substituted: what inference returns by default. */
  declaredOutputs: Record<string, Contract>;
}

export type InferResult =
  | { outputs: Record<string, Contract> }
  | { errors: { port?: string; message: string }[] };

/** What a host (CLI, runner, browser) provides for I/O; the engine itself does none. */
export interface Host {
  /** Read a local file (Node hosts) or a served asset (browser hosts). */
  readFile(path: string): Promise<Uint8Array>;
  /** Fetch a URL, where the host allows it. */
  fetchUrl?(url: string): Promise<Uint8Array>;
  /**
   * Names of the entries of a local folder (files and sub-folders, no path, sorted), where
   * the host has folders (Node hosts). Folder datasets need it; hosts without it cannot list.
   */
  listDir?(path: string): Promise<string[]>;
  log(level: 'info' | 'warn', message: string): void;
  /**
   * Decode an image file's bytes (PNG, JPEG, … as the host supports) to 8-bit pixels.
   * Optional: nodes that read images (style transfer sources, image folders) say clearly
   * when the host cannot decode. `name` (a file name or URL) is used in error messages.
   */
  decodeImage?(bytes: Uint8Array, name: string): Promise<DecodedImage>;
}

/** Pixels of a decoded image: row-major, interleaved, `width * height * channels` bytes. */
export interface DecodedImage {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  pixels: Uint8Array;
}

export interface WeightOptions {
  /** Updated by optimizers (default true). Running statistics are not. */
  trainable?: boolean;
  /**
   * Never changes during a run (pretrained weights the node loads itself at build time).
   * Implies not trainable; left out of checkpoints, which stay small, and of step rollback.
   */
  frozen?: boolean;
}

export interface BuildContext<P> {
  nodeId: string;
  /** Path of this node inside nested networks, e.g. `G/conv1`; names its weights in checkpoints. */
  path: string;
  params: P;
  inputs: Record<string, Contract | Contract[] | undefined>;
  outputs: Record<string, Contract>;
  /** The run's default batch size (sources use it unless a param overrides it). */
  batchSize: number;
  /** Deterministic stream for initialisation. */
  rng: Rng;
  host: Host;
  /** Create a variable owned by this node, initialised from the run's random stream. */
  weight(name: string, shape: number[], init: Initializer, options?: WeightOptions): tf.Variable;
}

export interface ForwardContext {
  /** Training mode: batch norm uses batch statistics and updates running ones; dropout is on. */
  training: boolean;
  /** Fresh randomness for this evaluation (noise, batch choice, dropout). */
  rng: Rng;
  batchSize: number;
  step: number;
  /** Why the graph is evaluated. */
  purpose: 'train' | 'sample' | 'eval';
  /**
   * Set in data-parallel training steps: this evaluation computes one equal row shard of
   * every batch (`batchSize` stays the full batch's). Sources and per-row randomness draw
   * for the full batch and keep their rows; batch statistics are averaged across replicas
   * (see data-parallel.ts). Undefined with one replica, and when sampling or evaluating.
   */
  shard?: Shard;
}

/** A network value: weights plus a function, applicable many times with shared weights. */
export interface Network {
  readonly kind: 'network';
  readonly name: string;
  readonly signature: NetworkSignature;
  apply(inputs: Record<string, tf.Tensor>, ctx: ForwardContext): Record<string, tf.Tensor>;
  /** Variables optimizers update. */
  trainableVariables(): tf.Variable[];
  /** All variables, running statistics included. */
  variables(): tf.Variable[];
}

/** A phase reference flowing along phase edges (optimizer → modifiers → schedule). */
export interface PhaseRef {
  readonly kind: 'phase';
  readonly nodeId: string;
}

export type Value = tf.Tensor | Network | PhaseRef;

/** Typed access to the values arriving at a node's input ports. */
export interface PortValues {
  tensor(port: string): tf.Tensor;
  optionalTensor(port: string): tf.Tensor | undefined;
  tensors(port: string): tf.Tensor[];
  network(port: string): Network;
  networks(port: string): Network[];
  has(port: string): boolean;
}

/**
 * State a stateful node keeps across steps and in checkpoints. Ownership: tensors returned
 * by `getState()` are borrowed (the engine reads and never disposes them); tensors passed
 * to `setState()` belong to the engine, which disposes them afterwards, so copy what you keep.
 */
export interface NodeState {
  json?: unknown;
  tensors?: Record<string, tf.Tensor>;
}

/** What the trainer tells an optimizer about the update it asks for. */
export interface UpdateContext {
  /**
   * The training step this update belongs to, 1-based: the number the step event, the CLI
   * progress and metrics.jsonl give that step once it completes (`Trainer.step + 1` while it
   * runs). Every update of one step gets the same number (the five critic updates of a 5:1
   * schedule too), so it is not the optimizer's own update count. It continues after a
   * checkpoint restore, and every replica of a data-parallel run gets the same one.
   */
  step: number;
}

export interface OptimizerImpl {
  /**
   * One update of `vars` given `grads` (same order). Must not dispose the gradients. The
   * trainer always passes `context`; it is optional so that update rules that need no step
   * (and callers outside a trainer, such as tests) keep working.
   */
  apply(vars: tf.Variable[], grads: tf.Tensor[], context?: UpdateContext): void;
  getState(): NodeState;
  setState(state: NodeState): void;
  dispose(): void;
}

export interface NodeInstance {
  /**
   * Compute outputs from inputs. Runs inside the engine's `tf.tidy`/gradient scope: return
   * new tensors and do not dispose inputs.
   */
  forward?(inputs: PortValues, ctx: ForwardContext): Record<string, Value>;
  /** Optimizer nodes: the update rule. Its `phase` output is created by the engine. */
  optimizer?: OptimizerImpl;
  /** Phase modifiers (phase in → phase out): runs after each update of that phase. */
  afterUpdate?(inputs: PortValues, ctx: ForwardContext): void;
  /** Schedule nodes: updates per step for each connected phase, in edge order. */
  schedule?(phaseCount: number): number[];
  getState?(): NodeState;
  setState?(state: NodeState): void;
  /**
   * Weights to use instead of the live ones when the run is sampled or evaluated (e.g. an
   * exponential moving average of a generator's weights): pairs of a variable and the value
   * it should hold meanwhile, borrowed (the engine copies them in and puts the live values
   * back afterwards). Gets the node's non-phase inputs (e.g. the network whose weights it
   * averages). Empty until there is something to use.
   */
  evaluationWeights?(inputs: PortValues): [tf.Variable, tf.Tensor][];
  dispose?(): void;
}

export interface NodeDefinition<P = Record<string, unknown>> {
  /** Namespaced id, `<namespace>.<name>`, e.g. `layers.conv2d`. */
  type: string;
  /** Integer type version, recorded in saved graphs. */
  version: number;
  category: Category;
  title: string;
  description: string;
  /** A zod object schema with defaults; params in documents are parsed through it. */
  params: z.ZodType<P>;
  inputs: PortSpec[];
  outputs: PortSpec[];
  /** Output contracts from input contracts; default: the declared outputs, symbols substituted. */
  infer?(ctx: InferContext<P>): InferResult;
  build(ctx: BuildContext<P>): NodeInstance | Promise<NodeInstance>;
  migrations?: ParamMigration[];
  /** Longer documentation (markdown) for the editor's help panel. */
  docs?: string;
  /**
   * The layer graph this node builds, for display (read-only): lets the editor open a plug-in
   * network node like a `core.network` one. Must not need weights or I/O (it runs in the
   * runner's request handler on parsed params).
   */
  layers?(params: P): NetworkDef;
  /**
   * How the node behaves when data-parallel training splits each training batch into row
   * shards across replicas (`ganvas train --workers N`): see {@link DataParallelSupport}. A
   * function decides per graph (e.g. whether each worker's shard divides into the node's groups).
   * Hosts refuse data-parallel training through a node that declares nothing, unless they
   * know its type.
   */
  dataParallel?: DataParallelSupport | DataParallelDecision<P>;
  /**
   * Facts the static analysis uses for advice (warnings, never errors): see {@link LintHints}.
   */
  lint?: LintHints<P>;
  /**
   * Format of what the node's instance and optimizer save in checkpoints (`getState`), recorded
   * beside the state; default 1. Raise it when that format changes, so that an older checkpoint
   * is migrated (`migrateState`) or refused with a message naming the node, never misread.
   */
  stateVersion?: number;
  /** Turns state saved in format `from` (below `stateVersion`) into the current format. */
  migrateState?(state: NodeState, from: number, kind: 'state' | 'optimizer'): NodeState;
}

/**
 * A per-graph data-parallel verdict. Declared through a method signature so that, like
 * `build`, a definition with specific params stays assignable to one with generic params.
 */
export type DataParallelDecision<P> = { decide(query: DataParallelQuery<P>): DataParallelSupport }['decide'];

/** What a node tells the analysis so that it can warn about wasteful wiring. */
export interface LintHints<P> {
  /**
   * Whether the output carries a learned offset per channel (last axis), e.g. a conv or
   * dense bias; returns the name of the param that switches it off.
   */
  channelBias?(params: P): string | undefined;
  /**
   * The node subtracts each channel's mean (batch or instance normalisation), so a learned
   * per-channel offset feeding it only has no effect and a gradient of zero.
   */
  removesChannelMean?: boolean;
}

/** Typing helper: infers `P` from the params schema. */
export function defineNode<S extends z.ZodType>(
  def: Omit<NodeDefinition<z.output<S>>, 'params'> & { params: S },
): NodeDefinition<z.output<S>> {
  return def as unknown as NodeDefinition<z.output<S>>;
}

/** What a plug-in package's entry module exports. */
export interface PluginModule {
  nodes: NodeDefinition<any>[];
}
