import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { Rng, type ForwardContext, type GraphDocument, type Trainer, type Value } from '@ganvas/core';
import { expect } from 'vitest';
import type { BundleArray } from './bundle.js';

/** Helpers for evaluating shipped templates in-process against a reference script. */

const here = path.dirname(fileURLToPath(import.meta.url));
/** Directory whose node_modules holds the @ganvas/nodes-* plug-ins. */
export const pluginSearchDir = path.resolve(here, '..');

export function loadTemplate(file: string): GraphDocument {
  return JSON.parse(fs.readFileSync(path.resolve(here, '../../templates', file), 'utf8')) as GraphDocument;
}

type LayerSpec = [id: string, type: string, params: Record<string, unknown>];
/** What a reference script says it assumes about a template (its `--describe` output). */
export interface ArchSpec {
  networks: Record<string, LayerSpec[]>;
  top: LayerSpec[];
}

/**
 * The template's layers (in topological order, without the network inputs and outputs) and the
 * listed top-level nodes must be exactly those the script hard-codes, with those params (after
 * the engine filled in the defaults).
 */
export function expectTemplateMatches(trainer: Trainer, arch: ArchSpec): void {
  const { analysis } = trainer;
  for (const [name, layers] of Object.entries(arch.networks)) {
    const scope = analysis.networks.get(name);
    expect(scope, `network definition "${name}"`).toBeDefined();
    const nodes = scope!.order
      .map((id) => scope!.nodes.get(id)!)
      .filter((n) => n.definition?.type !== 'core.input' && n.definition?.type !== 'core.output');
    expect(nodes.map((n) => [n.doc.id, n.definition?.type]), `layers of ${name}`).toEqual(layers.map(([id, type]) => [id, type]));
    nodes.forEach((n, i) => expect(n.params, `${name}/${n.doc.id} params`).toMatchObject(layers[i]![2]));
  }
  for (const [id, type, params] of arch.top) {
    const node = analysis.top.nodes.get(id);
    expect(node?.definition?.type, `top-level node "${id}"`).toBe(type);
    expect(node!.params, `${id} params`).toMatchObject(params);
  }
}

/** The trainer's current weights as bundle arrays, named `weights/<net>/<layer>/<weight>`. */
export function weightsOf(trainer: Trainer): Record<string, BundleArray> {
  const out: Record<string, BundleArray> = {};
  for (const [name, t] of Object.entries(trainer.snapshot().tensors)) {
    if (name.startsWith('weights/')) out[name] = { shape: t.shape, values: t.values };
  }
  return out;
}

/** The variable at graph path `net/layer/weight`, e.g. `D/conv1/kernel`. */
export function variableAt(trainer: Trainer, graphPath: string): tf.Variable {
  for (const node of trainer.top.instances()) {
    for (const { variable } of node.variables) {
      if (variable.name.endsWith(`/${graphPath}`)) return variable;
    }
  }
  throw new Error(`no variable at "${graphPath}"`);
}

export function trainingContext(batchSize: number): ForwardContext {
  return { training: true, rng: new Rng(0), batchSize, step: 0, purpose: 'train' };
}

/** A fresh evaluation memo with source nodes' outputs fixed (sources are then not evaluated). */
export function seededMemo(sources: Record<string, Record<string, Value>>) {
  const outputs = new Map<string, Record<string, Value>>();
  for (const [id, values] of Object.entries(sources)) outputs.set(id, values);
  return { outputs };
}

/** The scalar on `node.loss`. */
export function lossValue(trainer: Trainer, node: string, memo: ReturnType<typeof seededMemo>, ctx: ForwardContext): tf.Scalar {
  const v = trainer.top.value(node, 'loss', memo, ctx);
  if (!(v instanceof tf.Tensor) || v.rank !== 0) throw new Error(`${node}.loss is not a scalar tensor`);
  return v as tf.Scalar;
}

/** d loss / d variable, evaluated on a fresh seeded memo. */
export function gradientOf(
  trainer: Trainer,
  lossNode: string,
  graphPath: string,
  sources: () => Record<string, Record<string, Value>>,
  ctx: ForwardContext,
): Float32Array {
  const v = variableAt(trainer, graphPath);
  return tf.tidy(() => {
    const { grads } = tf.variableGrads(() => lossValue(trainer, lossNode, seededMemo(sources()), ctx), [v]);
    const g = grads[v.name];
    if (!g) throw new Error(`${lossNode} does not reach ${graphPath}`);
    return g.dataSync() as Float32Array;
  }) as Float32Array;
}

/** `count` training digits spread over the split (it is grouped by class), NHWC in [0, 1]. */
export function spreadIndices(total: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.floor(((i + 0.5) * total) / count));
}
