import './tf-setup.js';
import * as tf from '@tensorflow/tfjs-core';
import type { Contract } from './contract.js';
import type {
  BuildContext,
  ForwardContext,
  Host,
  NodeDefinition,
  NodeInstance,
  Value,
} from './node-definition.js';
import { PortValueMap } from './port-values.js';
import { Registry, zPluginManifest } from './registry.js';
import { Rng } from './rng.js';

/**
 * The plug-in contract test kit: build one node outside a graph, run it, and check its
 * gradients numerically. Plug-in authors use exactly this to test their nodes.
 */

let testBuilds = 0;

export const nullHost: Host = {
  readFile: (path) => Promise.reject(new Error(`no file access in this host (reading ${path})`)),
  log: () => undefined,
};

export interface TestBuildOptions {
  params?: Record<string, unknown>;
  inputs?: Record<string, Contract | Contract[] | undefined>;
  outputs?: Record<string, Contract>;
  batchSize?: number;
  seed?: number;
  host?: Host;
}

export interface TestNode {
  instance: NodeInstance;
  /** Variables the node created, by name. */
  weights: Map<string, tf.Variable>;
  /** The ones an optimizer would update: not running statistics, not frozen weights. */
  trainable: tf.Variable[];
  forward(inputs: Record<string, Value | Value[] | undefined>, ctx?: Partial<ForwardContext>): Record<string, Value>;
  dispose(): void;
}

/** Build a node from its definition, parsing params through its schema as the engine does. */
export async function buildTestNode<P>(def: NodeDefinition<P>, options: TestBuildOptions = {}): Promise<TestNode> {
  const parsed = def.params.safeParse(options.params ?? {});
  if (!parsed.success) throw new Error(`${def.type}: bad params: ${parsed.error.message}`);
  const rng = new Rng(options.seed ?? 1);
  // Unique per build: two test nodes alive at once (or one leaked by a failed test) never clash.
  const prefix = `test${++testBuilds}`;
  const weights = new Map<string, tf.Variable>();
  const trainable: tf.Variable[] = [];
  const ctx: BuildContext<P> = {
    nodeId: 'test',
    path: 'test',
    params: parsed.data,
    inputs: options.inputs ?? {},
    outputs: options.outputs ?? {},
    batchSize: options.batchSize ?? 4,
    rng,
    host: options.host ?? nullHost,
    weight(name, shape, init, opts) {
      const values = init(rng, shape);
      // As in a graph: frozen (pretrained) weights are never trainable, whatever `trainable` says.
      const isTrainable = opts?.frozen ? false : (opts?.trainable ?? true);
      const v = tf.variable(tf.tensor(values, shape), isTrainable, `${prefix}/${name}`);
      weights.set(name, v);
      if (isTrainable) trainable.push(v);
      return v;
    },
  };
  const instance = await def.build(ctx);
  const fwdRng = new Rng((options.seed ?? 1) + 1000);
  return {
    instance,
    weights,
    trainable,
    forward(inputs, partial = {}) {
      if (!instance.forward) throw new Error(`${def.type} has no forward`);
      const fctx: ForwardContext = {
        training: true,
        rng: fwdRng,
        batchSize: options.batchSize ?? 4,
        step: 0,
        purpose: 'train',
        ...partial,
      };
      return instance.forward(new PortValueMap('test', inputs), fctx);
    },
    dispose() {
      instance.dispose?.();
      for (const v of weights.values()) v.dispose();
    },
  };
}

export interface GradCheckResult {
  /** Largest |analytic − numeric| / max(1e-3, |analytic|, |numeric|) over the checked entries. */
  maxRelError: number;
  maxAbsError: number;
  checked: number;
}

/**
 * Compare the analytic gradient of a scalar function with central finite differences
 * on a sample of entries of each input. float32 arithmetic limits the agreement to about
 * 1e-3..1e-2 relative; tests pick their tolerance accordingly.
 */
export function checkGradients(
  f: (xs: tf.Tensor[]) => tf.Scalar,
  xs: tf.Tensor[],
  options: { eps?: number; samplesPerInput?: number; seed?: number } = {},
): GradCheckResult {
  const eps = options.eps ?? 1e-2;
  const samples = options.samplesPerInput ?? 12;
  const rng = new Rng(options.seed ?? 7);
  const analytic = tf.tidy(() => tf.grads((...args: tf.Tensor[]) => f(args))(xs).map((g) => g.dataSync().slice()));
  let maxRel = 0;
  let maxAbs = 0;
  let checked = 0;
  xs.forEach((x, i) => {
    const base = x.dataSync().slice();
    const n = base.length;
    const picks = n <= samples ? [...Array(n).keys()] : Array.from({ length: samples }, () => rng.int(n));
    for (const j of picks) {
      const evalAt = (delta: number) =>
        tf.tidy(() => {
          const v = base.slice();
          v[j] = v[j]! + delta;
          const moved = xs.map((t, k) => (k === i ? tf.tensor(v, t.shape, t.dtype) : t));
          return f(moved).dataSync()[0]!;
        });
      const numeric = (evalAt(eps) - evalAt(-eps)) / (2 * eps);
      const a = analytic[i]![j]!;
      const abs = Math.abs(a - numeric);
      const rel = abs / Math.max(1e-3, Math.abs(a), Math.abs(numeric));
      maxAbs = Math.max(maxAbs, abs);
      maxRel = Math.max(maxRel, rel);
      checked++;
    }
  });
  return { maxRelError: maxRel, maxAbsError: maxAbs, checked };
}

export interface PackageCheck {
  /** What the host would refuse or a palette user would miss: each names the node and field. */
  problems: string[];
  /** `type.param` of every param a document must set (it has no default and is not optional). */
  required: string[];
}

/**
 * Checks a plug-in package as a host will load it, plus the documentation the editor shows:
 * the `ganvas` manifest in its package.json, every definition through the registry's own
 * checks (shape, whole-number version, namespace, unique ids and ports), and a description on
 * every param. Params without a default are listed in `required`, not counted as problems.
 */
export function checkPluginPackage(packageJson: unknown, module: { nodes?: unknown }): PackageCheck {
  const name = String((packageJson as { name?: unknown } | null)?.name ?? '(unnamed package)');
  const manifest = zPluginManifest.safeParse((packageJson as { ganvas?: unknown } | null)?.ganvas);
  if (!manifest.success) {
    const issue = manifest.error.issues[0]!;
    return { problems: [`${name}: package.json "ganvas" manifest is invalid at ${['ganvas', ...issue.path].join('.')}: ${issue.message}`], required: [] };
  }
  const required: string[] = [];
  let report;
  try {
    report = new Registry().registerPlugin(name, manifest.data, module);
  } catch (e) {
    return { problems: [(e as Error).message], required };
  }
  const problems = [...report.errors];
  // The registry has checked shape, version and namespace; look at each registered type once.
  const registered = new Set(report.registered);
  for (const def of module.nodes as NodeDefinition<unknown>[]) {
    if (!registered.delete(def.type)) continue;
    const shape = (def.params as unknown as { shape?: Record<string, { description?: string; safeParse(v: unknown): { success: boolean } }> }).shape;
    if (!shape) {
      problems.push(`${def.type}: params is not a zod object schema`);
      continue;
    }
    for (const [param, field] of Object.entries(shape)) {
      if (!field.description) problems.push(`${def.type}.${param}: no description (the editor shows it as the param's help)`);
      if (!field.safeParse(undefined).success) required.push(`${def.type}.${param}`);
    }
  }
  return { problems, required };
}
