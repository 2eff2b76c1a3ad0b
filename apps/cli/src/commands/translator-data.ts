import * as tf from '@tensorflow/tfjs-core';
import { PortValueMap, Rng, type BuildContext, type Host, type NodeInstance, type Registry } from '@ganvas/core';
import { BACKGROUNDS, COLOURS, DOMAIN_PAIRS, LABEL_SETS, SHAPES, faceLabelNames, zFacesParams, type DomainPair, type LabelSet } from '@ganvas/nodes-images';
import type { AttributeSchema, DomainAttribute } from '@ganvas/tools';
import { UserError, messageOf } from '../errors.js';

/**
 * Reading examples out of a graph's data sources for the translator metrics, and which
 * attribute classifier can judge the images of each source.
 */

/** A data node as the graph gives it. */
export interface SourceNode {
  id: string;
  type: string;
  params: Record<string, unknown>;
}

/** Values of each requested port, `count` rows, and each port's per-row shape. */
export interface Examples {
  count: number;
  ports: Record<string, { values: Float32Array; shape: number[] }>;
}

/**
 * Builds `node` with its params and `overrides` (split, order, counts) as the engine would —
 * through the node type's schema — so the examples are exactly what the graph's source gives.
 */
export async function buildSource(registry: Registry, host: Host, node: SourceNode, overrides: Record<string, unknown>): Promise<NodeInstance> {
  const def = registry.get(node.type)?.definition;
  if (!def) throw new UserError(`data source "${node.id}": node type ${node.type} is not installed`);
  const { batch: _batch, ...params } = { ...node.params, ...overrides };
  const parsed = def.params.safeParse(params);
  if (!parsed.success) {
    throw new UserError(`data source "${node.id}" (${node.type}) cannot be read with ${JSON.stringify(overrides)}: ${messageOf(parsed.error)}`);
  }
  const ctx: BuildContext<unknown> = {
    nodeId: node.id,
    path: node.id,
    params: parsed.data,
    inputs: {},
    outputs: {},
    batchSize: 1,
    rng: new Rng(0),
    host,
    weight: () => {
      throw new Error(`data source "${node.id}" asked for a weight`);
    },
  };
  return def.build(ctx as never);
}

/** The split size a sequential source reports in its state (its largest stream), if any. */
export function splitSize(instance: NodeInstance): number | undefined {
  let best: number | undefined;
  const visit = (v: unknown) => {
    if (typeof v !== 'object' || v === null) return;
    const count = (v as { count?: unknown }).count;
    if (typeof count === 'number') best = Math.max(best ?? 0, count);
    for (const x of Object.values(v)) visit(x);
  };
  visit(instance.getState?.().json);
  return best;
}

/** The first `count` examples of a sequential source, `chunk` at a time, every tensor freed. */
export function readExamples(instance: NodeInstance, id: string, count: number, ports: readonly string[], chunk = 250): Examples {
  if (!instance.forward) throw new UserError(`data source "${id}" has no outputs to read`);
  const out: Examples = { count, ports: {} };
  for (let start = 0; start < count; start += chunk) {
    const n = Math.min(chunk, count - start);
    const values = instance.forward(new PortValueMap(id, {}), { training: false, rng: new Rng(start), batchSize: n, step: 0, purpose: 'eval' });
    try {
      for (const port of ports) {
        const t = values[port];
        if (!(t instanceof tf.Tensor)) throw new UserError(`data source "${id}" has no tensor output "${port}"`);
        const shape = t.shape.slice(1);
        const per = shape.reduce((a, b) => a * b, 1);
        const slot = (out.ports[port] ??= { values: new Float32Array(count * per), shape });
        slot.values.set(t.dataSync() as Float32Array, start * per);
      }
    } finally {
      for (const v of Object.values(values)) if (v instanceof tf.Tensor) v.dispose();
    }
  }
  return out;
}

/**
 * Where an attribute classifier for a source's images comes from: a labelled source (its own
 * type, or images.shapes for the paired/unpaired shapes, which render the same "photos"), with
 * the params that switch the split and set how many training images it learns from.
 */
export interface ClassifierSource {
  node: SourceNode;
  /** undefined: every label of the source is its own binary attribute (names from their index). */
  schema?: AttributeSchema;
  /** Params setting the training split's size to n (sources whose count is a param), else {}. */
  trainCount(n: number): Record<string, unknown>;
  /** Training images by default, and epochs (measured to reach the accuracies in the docs). */
  trainImages: number;
  epochs: number;
  /** CycleGAN's domains as values of one attribute. */
  domain?: DomainAttribute;
  /**
   * Classifiers of attributes the images have but these labels leave out (images.shapes
   * labelled by object: its background). StarGAN's eval checks that translations keep them.
   */
  unlabelled?: ClassifierSource[];
}

const SHAPE_GROUPS: Record<LabelSet, AttributeSchema> = {
  object: {
    groups: [
      { name: 'colour', kind: 'onehot', labels: [...COLOURS] },
      { name: 'shape', kind: 'onehot', labels: [...SHAPES] },
      { name: 'size', kind: 'binary', labels: ['large'] },
    ],
  },
  background: { groups: [{ name: 'background', kind: 'onehot', labels: [...BACKGROUNDS] }] },
};

/** The attribute groups of images.shapes' label sets, in vector order (checked against LABEL_SETS in the tests). */
export function shapesSchema(labels: LabelSet): AttributeSchema {
  return SHAPE_GROUPS[labels];
}

/** The held-out size of the source, so the classifier's accuracy is measured on the images the translator is. */
const heldout = (params: Record<string, unknown>) => (params.heldoutCount === undefined ? {} : { heldoutCount: params.heldoutCount });

const shapesLabelled = (id: string, params: Record<string, unknown>, labels: LabelSet, domain?: DomainAttribute): ClassifierSource => ({
  node: { id, type: 'images.shapes', params: { size: params.size ?? 64, seed: params.seed ?? 0, labels, ...heldout(params) } },
  schema: shapesSchema(labels),
  trainCount: (n) => ({ trainCount: n }),
  trainImages: 3000,
  epochs: 10,
  ...(domain ? { domain } : {}),
});

/** A shapes classifier for `labels`, with one for the other label set as its unlabelled attributes. */
const shapesClassifier = (id: string, params: Record<string, unknown>, labels: LabelSet, domain?: DomainAttribute): ClassifierSource => ({
  ...shapesLabelled(id, params, labels, domain),
  unlabelled: [shapesLabelled(id, params, labels === 'object' ? 'background' : 'object')],
});

/** The classifier source for `node`, or undefined when ganvas knows no attributes for its images. */
export function classifierSourceFor(node: SourceNode, outputs: ReadonlySet<string>): ClassifierSource | undefined {
  const p = node.params;
  switch (node.type) {
    case 'images.shapes':
      return shapesClassifier(node.id, p, (p.labels as LabelSet | undefined) ?? 'object');
    case 'images.shapesPaired':
      return shapesClassifier(node.id, p, 'object');
    case 'images.shapesUnpaired': {
      const pair = (p.domains as DomainPair | undefined) ?? 'circle-square';
      const [a, b] = DOMAIN_PAIRS[pair] as readonly [Record<string, string>, Record<string, string>];
      const attribute = Object.keys(a)[0]!;
      const labels: LabelSet = attribute === 'background' ? 'background' : 'object';
      return shapesClassifier(node.id, p, labels, { attribute, a: a[attribute]!, b: b[attribute]! });
    }
    case 'images.faces': {
      const f = zFacesParams.parse({ ...p, split: 'train' });
      const hair = faceLabelNames({ hairColours: f.hairColours, attributes: [] });
      return {
        node: { id: node.id, type: 'images.faces', params: { size: f.size, seed: f.seed, hairColours: f.hairColours, attributes: f.attributes, cacheDir: f.cacheDir, heldoutCount: f.heldoutCount } },
        schema: {
          groups: [{ name: 'hair', kind: 'onehot', labels: hair }, ...f.attributes.map((a) => ({ name: a, kind: 'binary' as const, labels: [a] }))],
        },
        trainCount: (n) => ({ trainCount: n }),
        trainImages: 2500,
        epochs: 8,
      };
    }
    default:
      return outputs.has('image') && outputs.has('label') ? { node, trainCount: () => ({}), trainImages: 3000, epochs: 10 } : undefined;
  }
}

/** Every label its own binary attribute, for sources ganvas knows nothing more about. */
export function binarySchema(width: number): AttributeSchema {
  return { groups: Array.from({ length: width }, (_, i) => ({ name: `label${i}`, kind: 'binary' as const, labels: [`label${i}`] })) };
}

/** Label names of images.shapes' sets, for the check that the schema is in vector order. */
export const SHAPES_LABELS = LABEL_SETS;
