import './tf-setup.js';
import * as tf from '@tensorflow/tfjs-core';
import type { Analysis, AnalyzedNode } from './analyze.js';
import type { Checkpoint, CheckpointTensor } from './checkpoint.js';
import type { Range } from './contract.js';
import type { Replica } from './data-parallel.js';
import { formatDiagnostic, hasErrors, type Diagnostic } from './diagnostics.js';
import { Emitter } from './events.js';
import { PREVIEW_TYPE } from './intrinsics.js';
import { validateDocument } from './load.js';
import type { ForwardContext, Host, NodeInstance, NodeState } from './node-definition.js';
import { PortValueMap, isNetwork } from './port-values.js';
import type { Registry } from './registry.js';
import { Rng } from './rng.js';
import { ScopeRuntime, VariableStore, newMemo, type BuiltNode } from './runtime.js';

/**
 * The compiler and the executor. `compile` turns a valid document into a Trainer: built
 * networks, phases (loss + optimizer + the variables it updates + what runs after each
 * update) and a schedule; the trainer runs it step by step and emits events.
 */

export interface Phase {
  /** Optimizer node id. */
  id: string;
  /** Label (or id) of the optimizer node: names the phase in metrics. */
  name: string;
  optimizerNode: BuiltNode;
  loss: { node: string; port: string };
  variables: tf.Variable[];
  /** Phase modifiers run after each update, in chain order. */
  after: BuiltNode[];
  /** Updates per step. */
  repeat: number;
}

export interface StepEvent {
  step: number;
  /** Mean loss of each phase over its updates in this step. */
  losses: Record<string, number>;
  /** Wall time of the step and of each phase, ms. */
  ms: number;
  phaseMs: Record<string, number>;
}

export interface SampleBatch {
  nodeId: string;
  label: string;
  step: number;
  n: number;
  height: number;
  width: number;
  channels: number;
  /** The value range the images are in, from the preview input's contract. */
  range: Range;
  /** NHWC float values. */
  data: Float32Array;
}

export interface TrainerEvents extends Record<string, unknown> {
  step: StepEvent;
  /** One update of one phase; `step` is the step it belongs to, numbered from 1 like StepEvent's. */
  phase: { step: number; phase: string; iteration: number; loss: number };
  sample: SampleBatch;
}

export interface CompileOptions {
  host: Host;
  /** Overrides the document's seed. */
  seed?: number;
  /** Overrides the document's batch size. */
  batchSize?: number;
  /**
   * Makes the trainer one replica of a data-parallel run: training steps compute this
   * replica's shard of every batch and average losses and gradients across replicas.
   */
  replica?: Replica;
}

export class CompileError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(`the graph has errors:\n${diagnostics.map(formatDiagnostic).join('\n')}`);
  }
}

/** Validate and build. Throws CompileError (with every diagnostic) for an invalid graph. */
export async function compile(raw: unknown, registry: Registry, options: CompileOptions): Promise<Trainer> {
  const result = validateDocument(raw, registry);
  if (!result.analysis || hasErrors(result.diagnostics)) throw new CompileError(result.diagnostics);
  const doc = result.analysis.document;
  const seed = options.seed ?? doc.training.seed;
  const batchSize = options.batchSize ?? doc.training.batchSize;
  const root = new Rng(seed);
  const initRng = root.fork();
  const runRng = root.fork();
  const store = new VariableStore();
  const top = await ScopeRuntime.build(result.analysis.top, {
    analysis: result.analysis,
    store,
    rng: initRng,
    host: options.host,
    batchSize,
  }, '');
  return new Trainer(result.analysis, top, store, runRng, seed, batchSize, options.replica);
}

export class Trainer extends Emitter<TrainerEvents> {
  /** Steps completed. */
  step = 0;
  readonly phases: Phase[];
  readonly previews: BuiltNode[];
  /** True inside runStep: a replica updates only as part of a whole step, in step with the others. */
  private stepping = false;

  constructor(
    readonly analysis: Analysis,
    readonly top: ScopeRuntime,
    private readonly store: VariableStore,
    private readonly rng: Rng,
    readonly seed: number,
    readonly batchSize: number,
    /** Set when this trainer is one replica of a data-parallel run. */
    readonly replica?: Replica,
  ) {
    super();
    this.phases = planPhases(top);
    this.previews = [...top.nodes.values()].filter((n) => n.analyzed.definition?.type === PREVIEW_TYPE);
  }

  get document() {
    return this.analysis.document;
  }

  private context(purpose: ForwardContext['purpose'], training: boolean, rng: Rng, batchSize: number): ForwardContext {
    const ctx: ForwardContext = { training, rng, batchSize, step: this.step, purpose };
    // Only training steps are split; samples and evaluations run whole in each replica.
    if (purpose === 'train' && this.replica) ctx.shard = this.replica;
    return ctx;
  }

  /**
   * One training step: every phase of the schedule, each as many times as it repeats.
   * Atomic: if a node throws or a loss comes out NaN/±Inf, every weight, optimizer and node
   * state, the step counter and the random stream are put back as they were before the step,
   * and a StepError says which phase failed — so the state can still be checkpointed.
   */
  async runStep(): Promise<StepEvent> {
    const t0 = now();
    const losses: Record<string, number> = {};
    const phaseMs: Record<string, number> = {};
    const mark = this.mark();
    let current = '';
    this.stepping = true;
    try {
      this.replica?.beginStep?.(this.step + 1);
      for (const phase of this.phases) {
        current = phase.name;
        const p0 = now();
        let sum = 0;
        for (let i = 0; i < phase.repeat; i++) {
          const loss = this.update(phase);
          if (!Number.isFinite(loss)) {
            throw new StepError(phase.name, this.step + 1, `loss of phase "${phase.name}" is ${loss}`);
          }
          sum += loss;
          this.emit('phase', { step: this.step + 1, phase: phase.name, iteration: i, loss });
        }
        losses[phase.name] = sum / phase.repeat;
        phaseMs[phase.name] = now() - p0;
      }
      // Every replica commits the step, or none does.
      this.replica?.commitStep();
    } catch (e) {
      let error = e instanceof StepError ? e : new StepError(current, this.step + 1, (e as Error).message, e);
      // Release the other replicas first: they may be waiting for this one.
      if (this.replica) error = this.replica.abortStep(error);
      this.rollback(mark);
      throw error;
    } finally {
      this.stepping = false;
      disposeMark(mark);
    }
    this.step++;
    const event: StepEvent = { step: this.step, losses, ms: now() - t0, phaseMs };
    this.emit('step', event);
    return event;
  }

  /** On-device copies of everything a step can change. */
  private mark(): Mark {
    const vars = new Map<tf.Variable, tf.Tensor>();
    for (const [, v] of this.store.mutable()) vars.set(v, tf.clone(v));
    const states: Mark['states'] = [];
    for (const node of this.top.instances()) {
      const inst = node.instance;
      if (!inst) continue;
      if (inst.getState && inst.setState) states.push({ set: inst.setState.bind(inst), state: copyState(inst.getState()) });
      const opt = inst.optimizer;
      if (opt) states.push({ set: opt.setState.bind(opt), state: copyState(opt.getState()) });
    }
    return { vars, states, step: this.step, rng: this.rng.getState() };
  }

  private rollback(mark: Mark): void {
    for (const [v, copy] of mark.vars) v.assign(copy);
    for (const { set, state } of mark.states) set(state);
    this.step = mark.step;
    this.rng.setState(mark.rng);
  }

  /** One update of one phase (the teaching "step-by-step" mode calls this directly). */
  update(phase: Phase): number {
    if (this.replica && !this.stepping) {
      throw new Error(`phase "${phase.name}": a data-parallel replica updates only within whole steps (runStep), in step with the others`);
    }
    const ctx = this.context('train', true, this.rng, this.batchSize);
    const optimizer = phase.optimizerNode.instance!.optimizer!;
    let lossTensor: tf.Tensor;
    try {
      lossTensor = this.computeUpdate(phase, ctx, optimizer);
    } catch (e) {
      discardTape();
      throw e;
    }
    const loss = lossTensor.dataSync()[0]!;
    lossTensor.dispose();
    for (const mod of phase.after) {
      tf.tidy(() => {
        const values = this.top.inputsOf(mod.analyzed.doc.id, newMemo(), ctx);
        mod.instance!.afterUpdate!(new PortValueMap(mod.analyzed.doc.id, values), ctx);
      });
    }
    return loss;
  }

  private computeUpdate(phase: Phase, ctx: ForwardContext, optimizer: NonNullable<NodeInstance['optimizer']>): tf.Tensor {
    return tf.tidy(() => {
      const memo = newMemo();
      const { value, grads } = tf.variableGrads(() => {
        const v = this.top.value(phase.loss.node, phase.loss.port, memo, ctx);
        if (!(v instanceof tf.Tensor) || v.rank !== 0) {
          throw new Error(`phase ${phase.name}: the loss must be a scalar tensor`);
        }
        return v as tf.Scalar;
      }, phase.variables);
      // A variable the loss does not reach gets a zero gradient.
      const list = phase.variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
      // The step being run (1-based): also right for a lone update outside runStep, which
      // belongs to the step in progress and does not advance the count.
      const update = { step: ctx.step + 1 };
      if (!this.replica) {
        optimizer.apply(phase.variables, list, update);
        return value;
      }
      const averaged = this.averageOverReplicas(phase, value, list);
      optimizer.apply(phase.variables, averaged.grads, update);
      return averaged.loss;
    });
  }

  /**
   * Data-parallel: the mean of every replica's loss and gradients, in one collective. Losses
   * are batch means over equal shards, so these are the full batch's. A non-finite local loss
   * fails here, before the collective, so the error names the replica where it arose.
   */
  private averageOverReplicas(phase: Phase, loss: tf.Scalar, grads: tf.Tensor[]): { loss: tf.Scalar; grads: tf.Tensor[] } {
    const local = loss.dataSync()[0]!;
    if (!Number.isFinite(local)) throw new StepError(phase.name, this.step + 1, `loss of phase "${phase.name}" is ${local}`);
    const packed = new Float32Array(1 + grads.reduce((n, g) => n + g.size, 0));
    packed[0] = local;
    let offset = 1;
    for (const g of grads) {
      packed.set(g.dataSync() as Float32Array, offset);
      offset += g.size;
    }
    const mean = this.replica!.collective.allReduceMean(packed);
    offset = 1;
    const averaged = grads.map((g) => {
      // A view: `mean` is this update's own array and is never written again.
      const t = tf.tensor(mean.subarray(offset, offset + g.size), g.shape, 'float32');
      offset += g.size;
      return t;
    });
    return { loss: tf.scalar(mean[0]!), grads: averaged };
  }

  /**
   * Each phase's loss on one fresh draw of its sources, updating nothing (purpose `eval`,
   * inference mode unless `training`). Held-out evaluation calls it batch after batch.
   */
  evaluate(rng: Rng, options: { training?: boolean } = {}): Record<string, number> {
    const ctx = this.context('eval', options.training ?? false, rng, this.batchSize);
    const out: Record<string, number> = {};
    for (const phase of this.phases) {
      const t = tf.tidy(() => this.top.value(phase.loss.node, phase.loss.port, newMemo(), ctx) as tf.Tensor);
      out[phase.name] = t.dataSync()[0]!;
      t.dispose();
    }
    return out;
  }

  /** Run `steps` more steps, stopping early when `shouldStop()` turns true between steps. */
  async run(steps: number, shouldStop: () => boolean = () => false): Promise<void> {
    for (let i = 0; i < steps && !shouldStop(); i++) {
      await this.runStep();
      // Yield to the event loop between steps so hosts can handle signals and messages.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }

  /**
   * Render every preview node (or one) on a fixed random stream: the same `seed` gives the
   * same latent draws, so grids taken at different steps are comparable.
   */
  sample(options: { n?: number; seed?: number; nodeId?: string } = {}): SampleBatch[] {
    return this.withEvaluationWeights(() => this.sampleWithCurrentWeights(options));
  }

  /**
   * Runs `fn` with the evaluation weights of every node that keeps some (a weight-averaging
   * node's moving average) in place of the live weights, then puts the live weights back —
   * also when `fn` throws. Sampling, evaluation and the latent tools go through it, so what
   * they show is what the graph says the trained generator is; training and the held-out
   * losses of `evaluate` use the live weights.
   */
  withEvaluationWeights<T>(fn: () => T): T {
    const swaps: [tf.Variable, tf.Tensor][] = [];
    for (const node of this.top.nodes.values()) {
      const inst = node.instance;
      if (!inst?.evaluationWeights) continue;
      const id = node.analyzed.doc.id;
      const ctx = this.context('sample', false, new Rng(this.seed), this.batchSize);
      const inputs = new PortValueMap(id, this.top.inputsOf(id, newMemo(), ctx));
      for (const [variable, value] of inst.evaluationWeights(inputs)) {
        swaps.push([variable, tf.clone(variable)]);
        variable.assign(value);
      }
    }
    try {
      return fn();
    } finally {
      for (const [variable, live] of swaps.reverse()) {
        variable.assign(live);
        live.dispose();
      }
    }
  }

  private sampleWithCurrentWeights(options: { n?: number; seed?: number; nodeId?: string }): SampleBatch[] {
    const out: SampleBatch[] = [];
    for (const preview of this.previews) {
      if (options.nodeId && preview.analyzed.doc.id !== options.nodeId) continue;
      const params = preview.analyzed.params as { count: number; training: boolean };
      const n = options.n ?? params.count;
      const rng = new Rng(options.seed ?? this.seed + 7919);
      const ctx = this.context('sample', params.training, rng, n);
      const edge = preview.analyzed.incoming.get('image')![0]!.edge;
      const range = (preview.analyzed.inContracts.image as { range?: Range } | undefined)?.range ?? [0, 1];
      const batch = tf.tidy(() => {
        const img = this.top.value(edge.source, edge.sourcePort, newMemo(), ctx) as tf.Tensor;
        return img.rank === 2 ? tf.reshape(img, [img.shape[0]!, 1, img.shape[1]!, 1]) : tf.clone(img);
      });
      const [bn, h, w, c] = batch.shape as [number, number, number, number];
      out.push({
        nodeId: preview.analyzed.doc.id,
        label: preview.analyzed.doc.label ?? preview.analyzed.doc.id,
        step: this.step,
        n: bn,
        height: h,
        width: w,
        channels: c,
        range,
        data: batch.dataSync() as Float32Array,
      });
      batch.dispose();
    }
    for (const s of out) this.emit('sample', s);
    return out;
  }

  /** Everything needed to continue exactly: weights, optimizer and node state, step, RNG. */
  snapshot(): Checkpoint {
    const tensors: Record<string, CheckpointTensor> = {};
    const put = (name: string, t: tf.Tensor) => {
      tensors[name] = {
        shape: [...t.shape],
        dtype: t.dtype === 'int32' ? 'int32' : 'float32',
        values: t.dtype === 'int32' ? (t.dataSync() as Int32Array).slice() : (t.dataSync() as Float32Array).slice(),
      };
    };
    // Frozen (pretrained) weights are reloaded from their source at build time.
    for (const [path, variable] of this.store.mutable()) put(`weights/${path}`, variable);
    const nodeStates: Record<string, unknown> = {};
    const stateVersions: Record<string, number> = {};
    for (const node of this.top.instances()) {
      const inst = node.instance;
      if (!inst) continue;
      const states: [string, NodeState | undefined][] = [
        ['state', inst.getState?.()],
        ['optimizer', inst.optimizer?.getState()],
      ];
      const version = node.analyzed.definition?.stateVersion ?? 1;
      for (const [kind, state] of states) {
        if (!state) continue;
        if (state.json !== undefined) nodeStates[`${kind}/${node.path}`] = state.json;
        for (const [k, t] of Object.entries(state.tensors ?? {})) put(`${kind}/${node.path}/${k}`, t);
        if (version !== 1) stateVersions[`${kind}/${node.path}`] = version;
      }
    }
    return {
      meta: {
        format: 'ganvas.checkpoint',
        version: 1,
        step: this.step,
        rng: this.rng.getState(),
        nodeStates,
        ...(Object.keys(stateVersions).length ? { stateVersions } : {}),
      },
      tensors,
    };
  }

  /**
   * Restore a snapshot taken from a trainer of the same graph. `weightsOnly` restores the
   * weights alone, with the evaluation weights of nodes that keep some (a moving average) —
   * evaluation of a derived graph whose sources differ from the run's.
   */
  restore(c: Checkpoint, options: { weightsOnly?: boolean } = {}): void {
    for (const [path, variable] of this.store.mutable()) {
      const t = c.tensors[`weights/${path}`];
      if (!t) throw new Error(`checkpoint has no weights for "${path}" (was it taken from another graph?)`);
      if (t.shape.join() !== variable.shape.join()) {
        throw new Error(`checkpoint weights "${path}" have shape [${t.shape}] but the graph needs [${variable.shape}]`);
      }
      tf.tidy(() => variable.assign(tf.tensor(t.values, t.shape, variable.dtype)));
    }
    if (options.weightsOnly) {
      // Evaluation weights (a generator's moving average) are weights too: what eval measures.
      for (const node of this.top.instances()) {
        const inst = node.instance;
        if (inst?.evaluationWeights) restoreState(c, 'state', node, inst.setState?.bind(inst));
      }
      return;
    }
    for (const node of this.top.instances()) {
      const inst = node.instance;
      if (!inst) continue;
      restoreState(c, 'state', node, inst.setState?.bind(inst));
      if (inst.optimizer) restoreState(c, 'optimizer', node, inst.optimizer.setState.bind(inst.optimizer));
    }
    this.step = c.meta.step;
    this.rng.setState(c.meta.rng);
  }

  /** Tensors alive in the engine right now (the leak check watches this). */
  static liveTensors(): number {
    return tf.memory().numTensors;
  }

  dispose(): void {
    this.top.dispose();
    this.store.dispose();
  }
}

/**
 * When a forward pass throws inside a gradient computation, tfjs leaves the tape's saved
 * tensors (kept clones) behind; drop them so a failed step leaks nothing. Uses engine state
 * that tfjs does not export a function for.
 */
function discardTape(): void {
  const state = (tf.engine() as unknown as { state: { gradientDepth: number; activeTape: { saved?: tf.Tensor[] }[] | null } }).state;
  if (state.gradientDepth !== 0 || !state.activeTape) return;
  for (const node of state.activeTape) for (const t of node.saved ?? []) t.dispose();
  state.activeTape = null;
}

interface Mark {
  vars: Map<tf.Variable, tf.Tensor>;
  states: { set: (s: NodeState) => void; state: NodeState }[];
  step: number;
  rng: ReturnType<Rng['getState']>;
}

/** A deep copy of a node's state (its tensors cloned: getState hands out borrowed ones). */
function copyState(state: NodeState): NodeState {
  const out: NodeState = {};
  if (state.json !== undefined) out.json = structuredClone(state.json);
  if (state.tensors) out.tensors = Object.fromEntries(Object.entries(state.tensors).map(([k, t]) => [k, tf.clone(t)]));
  return out;
}

function disposeMark(mark: Mark): void {
  for (const t of mark.vars.values()) t.dispose();
  for (const { state } of mark.states) for (const t of Object.values(state.tensors ?? {})) t.dispose();
}

/** A training step failed; the trainer is back at the state before it. */
export class StepError extends Error {
  constructor(
    /** Name of the phase that failed. */
    readonly phase: string,
    /** The step that was attempted (1-based). */
    readonly step: number,
    /** What went wrong, without the step and phase. */
    readonly detail: string,
    override readonly cause?: unknown,
  ) {
    // No phase: the step failed before its first phase began (a data-parallel start).
    super(phase ? `step ${step}, phase "${phase}": ${detail}` : `step ${step}: ${detail}`);
  }
}

/**
 * Gives `node` its saved state of `kind`, migrated from the format it was saved in when its
 * definition says how; a format it cannot read, or a state it rejects, is an error naming it.
 */
function restoreState(c: Checkpoint, kind: 'state' | 'optimizer', node: BuiltNode, set: ((s: NodeState) => void) | undefined): void {
  if (!set) return;
  const key = `${kind}/${node.path}`;
  const prefix = `${key}/`;
  const tensors: Record<string, tf.Tensor> = {};
  for (const [name, t] of Object.entries(c.tensors)) {
    if (name.startsWith(prefix)) tensors[name.slice(prefix.length)] = tf.tensor(t.values, t.shape, t.dtype);
  }
  const json = c.meta.nodeStates[key];
  if (json === undefined && Object.keys(tensors).length === 0) return;
  const def = node.analyzed.definition;
  const type = def?.type ?? '?';
  const saved = c.meta.stateVersions?.[key] ?? 1;
  const current = def?.stateVersion ?? 1;
  let state: NodeState = { ...(json !== undefined ? { json } : {}), tensors };
  const made: tf.Tensor[] = [];
  try {
    if (saved !== current) {
      if (saved > current || !def?.migrateState) {
        throw new Error(
          `its ${kind} state was saved in format ${saved}, and this version of ${type} reads format ${current}` +
            (saved > current ? ' (the checkpoint comes from a newer version of the plug-in)' : ' and cannot convert it'),
        );
      }
      state = def.migrateState(state, saved, kind);
      for (const t of Object.values(state.tensors ?? {})) if (!Object.values(tensors).includes(t)) made.push(t);
    }
    set(state);
  } catch (e) {
    throw new Error(`checkpoint: node "${node.path}" (${type}): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  } finally {
    for (const t of [...Object.values(tensors), ...made]) t.dispose();
  }
}

/** Phases in schedule order: optimizers, the modifiers chained after them, repeats. */
function planPhases(top: ScopeRuntime): Phase[] {
  const nodes = top.nodes;
  const isOptimizer = (n: BuiltNode) => n.analyzed.definition?.category === 'optimizer';
  const schedule = [...nodes.values()].find((n) => n.instance?.schedule);
  const phaseFrom = (optimizer: BuiltNode, after: BuiltNode[], repeat: number): Phase => {
    const a = optimizer.analyzed;
    if (!optimizer.instance?.optimizer) throw new Error(`optimizer node "${a.doc.id}" has no update rule`);
    const lossEdge = a.incoming.get('loss')?.[0]?.edge;
    if (!lossEdge) throw new Error(`optimizer node "${a.doc.id}" has no loss connected`);
    const vars = new Map<string, tf.Variable>();
    for (const { edge } of a.incoming.get('params') ?? []) {
      const v = top.value(edge.source, edge.sourcePort, newMemo(), {
        training: false,
        rng: new Rng(0),
        batchSize: 1,
        step: 0,
        purpose: 'eval',
      });
      if (!isNetwork(v)) throw new Error(`optimizer "${a.doc.id}": "params" must carry networks`);
      for (const variable of v.trainableVariables()) vars.set(variable.name, variable);
    }
    if (vars.size === 0) throw new Error(`optimizer "${a.doc.id}" has nothing to train: its networks have no trainable weights`);
    return {
      id: a.doc.id,
      name: a.doc.label ?? a.doc.id,
      optimizerNode: optimizer,
      loss: { node: lossEdge.source, port: lossEdge.sourcePort },
      variables: [...vars.values()],
      after,
      repeat,
    };
  };
  if (schedule) {
    const edges = schedule.analyzed.incoming.get('phases') ?? [];
    const repeats = schedule.instance!.schedule!(edges.length);
    return edges.map(({ edge }, i) => {
      const chain: BuiltNode[] = [];
      let cur = nodes.get(edge.source)!;
      while (!isOptimizer(cur)) {
        chain.unshift(cur);
        const up = cur.analyzed.incoming.get('phase')?.[0]?.edge;
        if (!up) throw new Error(`phase modifier "${cur.analyzed.doc.id}" has no phase input`);
        cur = nodes.get(up.source)!;
      }
      return phaseFrom(cur, chain, repeats[i] ?? 1);
    });
  }
  // No schedule: optimizers in document order, once per step, with modifiers downstream.
  const optimizers = [...nodes.values()].filter(isOptimizer).sort((a, b) => a.analyzed.index - b.analyzed.index);
  return optimizers.map((opt) => phaseFrom(opt, modifiersAfter(nodes, opt), 1));
}

function modifiersAfter(nodes: Map<string, BuiltNode>, start: BuiltNode): BuiltNode[] {
  const chain: BuiltNode[] = [];
  let cur: BuiltNode | undefined = start;
  while (cur) {
    const id: string = cur.analyzed.doc.id;
    const next: BuiltNode | undefined = [...nodes.values()].find(
      (n) => n.instance?.afterUpdate && n.analyzed.incoming.get('phase')?.some(({ edge }) => edge.source === id),
    );
    if (next) chain.push(next);
    cur = next;
  }
  return chain;
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

export type { AnalyzedNode, NodeInstance };
