import type { GraphDocument, Host, Range, Registry, Trainer } from '@ganvas/core';
import {
  cycleganQuality,
  labelWidth,
  loadOrTrainAttributeClassifier,
  maskVectorRows,
  networkRows,
  networkTranslate,
  pix2pixQuality,
  starganQuality,
  type AttributeClassifier,
  type AttributeImages,
  type AttributeScores,
  type LoadedAttributeClassifier,
  type StarganQuality,
} from '@ganvas/tools';
import { defaultCacheDir, fileStore } from '@ganvas/tools/node';
import { UserError } from '../errors.js';
import type { CliIO } from '../io.js';
import { findTranslator } from './translate.js';
import { binarySchema, buildSource, classifierSourceFor, readExamples, splitSize, type ClassifierSource, type SourceNode } from './translator-data.js';
import type { StarDataset, StarDiscriminator, TranslatorGraph } from './translator-graph.js';

/** `ganvas eval` on a translator run: held-out images through its networks, judged by an attribute classifier. */
export interface TranslatorEvalOptions {
  split: string;
  /** Held-out images to translate (default: the whole split, at most 1000). */
  samples?: number;
  /** Images for StarGAN's single-attribute rows (default: all of them). */
  flipSamples?: number;
  classifierImages?: number;
  classifierEpochs?: number;
  /** Seed of StarGAN's random targets. */
  seed: number;
  /** Images per network call. */
  batch: number;
  /** Step of the restored weights (the trainer's own step is 0 after a weights-only restore). */
  step: number;
}

const MAX_IMAGES = 1000;
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const attrs = (r: Record<string, number>) =>
  Object.entries(r)
    .map(([k, v]) => `${k} ${pct(v)}`)
    .join(', ');

interface Context {
  io: CliIO;
  trainer: Trainer;
  doc: GraphDocument;
  registry: Registry;
  host: Host;
  options: TranslatorEvalOptions;
  /** Classifiers loaded so far, by cache key (two datasets may share one). */
  classifiers: Map<string, LoadedAttributeClassifier>;
}

function sourceNode(ctx: Context, id: string): SourceNode {
  const node = ctx.doc.nodes.find((n) => n.id === id);
  if (!node) throw new UserError(`the graph has no node "${id}"`);
  return { id: node.id, type: node.type, params: node.params };
}

function outputsOf(ctx: Context, type: string): Set<string> {
  return new Set(ctx.registry.get(type)?.definition.outputs.map((p) => p.name) ?? []);
}

/** The image range a source declares on `port` (the i2i sources: [-1, 1]). */
function rangeOf(ctx: Context, type: string, port: string): [number, number] {
  const r = ctx.registry.get(type)?.definition.outputs.find((p) => p.name === port)?.contract.range as Range | undefined;
  return r ? [r[0], r[1]] : [-1, 1];
}

/** The first n examples of `split` of a source node, n = --samples or the split (≤ 1000). */
async function heldoutExamples(ctx: Context, node: SourceNode, ports: string[]) {
  const instance = await buildSource(ctx.registry, ctx.host, node, { split: ctx.options.split, order: 'sequential' });
  try {
    const size = splitSize(instance) ?? MAX_IMAGES;
    const count = Math.min(size, ctx.options.samples ?? MAX_IMAGES);
    return readExamples(instance, node.id, count, ports);
  } finally {
    instance.dispose?.();
  }
}

async function attributeImages(ctx: Context, node: SourceNode, overrides: Record<string, unknown>, cap: number): Promise<AttributeImages> {
  const instance = await buildSource(ctx.registry, ctx.host, node, { ...overrides, order: 'sequential' });
  try {
    const count = Math.min(cap, splitSize(instance) ?? cap);
    const ex = readExamples(instance, node.id, count, ['image', 'label']);
    const image = ex.ports.image!;
    return { images: image.values, labels: ex.ports.label!.values, count, shape: image.shape as [number, number, number], range: rangeOf(ctx, node.type, 'image') };
  } finally {
    instance.dispose?.();
  }
}

/** The attribute classifier for a source's images: cached, or trained now on its training split. */
async function classifierFor(ctx: Context, cs: ClassifierSource): Promise<LoadedAttributeClassifier> {
  const { io, options } = ctx;
  const n = options.classifierImages ?? cs.trainImages;
  const train = await attributeImages(ctx, cs.node, { split: 'train', ...cs.trainCount(n) }, n);
  const heldout = await attributeImages(ctx, cs.node, { split: 'heldout' }, MAX_IMAGES);
  const schema = cs.schema ?? binarySchema(train.labels.length / Math.max(1, train.count));
  if (labelWidth(schema) * train.count !== train.labels.length) {
    throw new UserError(`data source "${cs.node.id}" gives ${train.labels.length / Math.max(1, train.count)} labels per image; its attributes (${schema.groups.map((g) => g.name).join(', ')}) have ${labelWidth(schema)}`);
  }
  const store = fileStore(defaultCacheDir(io.env ?? process.env));
  const loaded = await loadOrTrainAttributeClassifier({
    schema,
    train,
    heldout,
    store,
    training: { epochs: options.classifierEpochs ?? cs.epochs },
    onEpoch: (e) => io.stderr.write(`  attribute classifier epoch ${e.epoch}: loss ${e.loss.toFixed(4)} (${(e.ms / 1000).toFixed(1)} s)\n`),
  });
  const { info } = loaded;
  const seen = ctx.classifiers.get(info.key);
  if (seen) {
    loaded.classifier.dispose();
    return seen;
  }
  const acc = `${attrs(info.heldoutPerAttribute ?? {})} (all attributes ${pct(info.heldoutAccuracy)}) on ${info.heldoutCount} held-out ${cs.node.type} images`;
  const where = store.describe!(info.key);
  io.stdout.write(loaded.cached ? `attribute classifier: ${acc} (cached: ${where})\n` : `attribute classifier: trained in ${(info.trainMs / 1000).toFixed(1)} s on ${info.trainCount} images; ${acc}; cached at ${where}\n`);
  ctx.classifiers.set(info.key, loaded);
  return loaded;
}

function classifierSummary(loaded: LoadedAttributeClassifier, source: string) {
  const { info, cached } = loaded;
  return {
    source,
    arch: info.arch,
    key: info.key,
    cached,
    trainCount: info.trainCount,
    heldoutCount: info.heldoutCount,
    heldoutPerAttribute: info.heldoutPerAttribute,
    heldoutPerLabel: info.heldoutPerLabel,
    heldoutAllCorrect: info.heldoutAccuracy,
    attributes: (info.schema as { groups: unknown[] } | undefined)?.groups,
  };
}

/**
 * For each attribute the random targets miss: what its misses were read as (target → read, in
 * images), and its accuracy by the target's value of every other attribute.
 */
function missLines(r: StarganQuality['random']): string[] {
  const lines: string[] = [];
  for (const [name, acc] of Object.entries(r.perAttribute)) {
    if (!(acc < 1)) continue;
    const { values, counts } = r.confusion[name]!;
    const misses = counts
      .flatMap((row, t) => row.map((c, p) => ({ c, t, p })))
      .filter((m) => m.t !== m.p && m.c > 0)
      .sort((a, b) => b.c - a.c)
      .map((m) => `${values[m.t]} → ${values[m.p]} ${m.c}`);
    const split = Object.entries(r.byOtherTarget[name] ?? {}).map(([other, byValue]) => `${other}: ${attrs(byValue)}`);
    lines.push(`${name} misses (asked → read): ${misses.join(', ')}; ${name} right by the target's ${split.join('; ')}`);
  }
  return lines;
}

function scoreLine(what: string, s: AttributeScores): string {
  return `${what}: ${attrs(s.perAttribute)}; all attributes ${pct(s.allCorrect)}`;
}

async function stargan(ctx: Context, g: Extract<TranslatorGraph, { kind: 'stargan' }>) {
  const { io, trainer, options } = ctx;
  const t = findTranslator(trainer, g.network);
  if (!t.label) throw new UserError(`network "${g.network}" has no label input; a StarGAN generator takes the target labels`);
  if (g.datasets.length === 0) {
    throw new UserError(`StarGAN network "${g.network}" (applied by "${g.apply}") gets no images from a data source with "image" and "label" outputs; nothing to evaluate on`);
  }
  // All datasets' images and classifiers first: under a mask vector each dataset's translations
  // are also read by the other datasets' classifiers (attributes its own labels do not cover).
  const prepared = [];
  for (const d of g.datasets) {
    const node = sourceNode(ctx, d.node);
    const cs = classifierSourceFor(node, outputsOf(ctx, node.type))!;
    const ex = await heldoutExamples(ctx, node, ['image', 'label']);
    const image = ex.ports.image!;
    const data: AttributeImages = { images: image.values, labels: ex.ports.label!.values, count: ex.count, shape: image.shape as [number, number, number], range: rangeOf(ctx, node.type, 'image') };
    const width = data.labels.length / Math.max(1, data.count);
    const condWidth = d.mask ? d.mask.sizes.reduce((a, b) => a + b, 0) + d.mask.sizes.length : width;
    if (condWidth !== t.label.width) {
      throw new UserError(
        `network "${g.network}" takes ${t.label.width} labels; dataset "${d.node}" gives ${width}${d.mask ? ` (mask vector of sizes [${d.mask.sizes.join(', ')}]: ${condWidth})` : ''}`,
      );
    }
    if (data.shape.join() !== t.size.join()) {
      throw new UserError(`network "${g.network}" takes ${t.size.join('×')} images; dataset "${d.node}" gives ${data.shape.join('×')}`);
    }
    io.stdout.write(`StarGAN "${g.network}" on ${ex.count} ${options.split} images of "${d.node}" (${node.type})${d.mask ? `, mask vector slot ${d.mask.dataset}` : ''}\n`);
    const loaded = await classifierFor(ctx, cs);
    const unlabelled = [];
    for (const u of cs.unlabelled ?? []) unlabelled.push(await classifierFor(ctx, u));
    prepared.push({ d, node, cs, data, width, condWidth, loaded, unlabelled });
  }
  const datasets = [];
  for (const { d, node, cs, data, width, condWidth, loaded, unlabelled } of prepared) {
    if (prepared.length > 1) io.stdout.write(`"${d.node}":\n`);
    const others = keptReaders(loaded, unlabelled, prepared.filter((o) => o.d !== d && o.data.shape.join() === data.shape.join()));
    const mask = d.mask;
    // What the networks' label inputs take: the dataset's rows, or c̃ under a mask vector.
    const cond: LabelCondition = {
      width: condWidth,
      ...(mask ? { condition: (rows: Float32Array, n: number) => maskVectorRows(rows, n, mask.sizes, mask.dataset) } : {}),
    };
    const translate = networkTranslate(t.net, { image: t.image, label: t.label, output: t.output, shape: t.size }, {
      batch: options.batch,
      step: options.step,
      ...(cond.condition ? { condition: cond.condition } : {}),
    });
    const discriminator = g.discriminator ? discriminatorHead(ctx, g.discriminator, t.size, mask, width, cond) : undefined;
    const q: StarganQuality = trainer.withEvaluationWeights(() =>
      starganQuality({
        classifier: loaded.classifier as AttributeClassifier,
        data,
        translate,
        seed: options.seed,
        ...(options.flipSamples !== undefined ? { flipImages: options.flipSamples } : {}),
        ...(discriminator ? { discriminator } : {}),
        ...(others.length ? { others } : {}),
      }),
    );
    io.stdout.write(`  ${scoreLine('real images (the ceiling)', q.real)}\n`);
    io.stdout.write(`  ${scoreLine('random targets, target accuracy', q.random)}\n`);
    io.stdout.write(`    (targets equal to the source: ${attrs(q.random.unchanged)})\n`);
    for (const line of missLines(q.random)) io.stdout.write(`    ${line}\n`);
    io.stdout.write(`  reconstruction L1 ‖x − G(G(x, c), c′)‖₁: ${q.reconstructionL1.toFixed(4)}\n`);
    if (q.discriminator) {
      io.stdout.write(`  ${scoreLine(`${g.discriminator!.network}'s own "${g.discriminator!.output}" head on the real images`, q.discriminator.real)}\n`);
      io.stdout.write(`  ${scoreLine(`${g.discriminator!.network}'s own "${g.discriminator!.output}" head on the random-target translations`, q.discriminator.random)}\n`);
    }
    for (const [name, kept] of Object.entries(q.othersKept ?? {})) {
      const label = others.find((o) => o.name === name)!.label;
      io.stdout.write(`  kept under random targets, as read by ${label} (attributes these images are not labelled with): ${attrs(kept)}\n`);
    }
    for (const f of q.flips) {
      const kept = Object.keys(f.preserved).length ? `; kept ${attrs(f.preserved)}` : '';
      io.stdout.write(`  ${f.attribute} → ${f.to} (${f.count} images): ${pct(f.targetAccuracy)}${kept}\n`);
    }
    datasets.push({ source: d.node, type: node.type, ...(mask ? { mask } : {}), classifier: classifierSummary(loaded, cs.node.type), ...q });
  }
  return { kind: 'stargan', network: g.network, apply: g.apply, datasets };
}

/**
 * The classifiers that check what a dataset's translations keep beyond their labels: those of
 * the attributes its source leaves unlabelled, and the other datasets' (under a mask vector),
 * once each and never its own classifier.
 */
function keptReaders(own: LoadedAttributeClassifier, unlabelled: LoadedAttributeClassifier[], otherDatasets: { d: StarDataset; loaded: LoadedAttributeClassifier }[]) {
  const readers = new Map<string, { name: string; label: string; classifier: AttributeClassifier }>();
  const add = (c: LoadedAttributeClassifier, name: string, label: string) => {
    if (c.info.key !== own.info.key && !readers.has(c.info.key)) readers.set(c.info.key, { name, label, classifier: c.classifier as AttributeClassifier });
  };
  for (const c of unlabelled) {
    const groups = (c.classifier as AttributeClassifier).schema.groups.map((g) => g.name).join(', ');
    add(c, groups, `a ${groups} classifier`);
  }
  for (const o of otherDatasets) add(o.loaded, o.d.node, `"${o.d.node}"'s classifier`);
  return [...readers.values()];
}

/**
 * The logits of StarGAN's discriminator head for one dataset: D applied to images, its
 * `output` port, and under a mask vector only this dataset's slot of labels. A conditional D
 * (a label input beside the image) gets the labels training pairs with the images: their own
 * for real images, the targets for translations (as the mask vector c̃ under a mask).
 */
interface LabelCondition {
  width: number;
  condition?: (rows: Float32Array, count: number) => Float32Array;
}

function discriminatorHead(ctx: Context, d: StarDiscriminator, size: [number, number, number], mask: StarDataset['mask'], width: number, cond: LabelCondition) {
  const net = ctx.trainer.top.nodes.get(d.network)?.network;
  if (!net) return undefined;
  const inputs = net.signature.inputs;
  const image = inputs.find((p) => p.contract.role === 'image');
  const label = inputs.find((p) => p.contract.role === 'label' || p.contract.role === 'onehot');
  const others = inputs.filter((p) => p !== image && p !== label);
  const labelWidth = label?.contract.shape?.[1];
  let why: string | undefined;
  if (!image) why = `${d.network} has no image input`;
  else if (others.length > 0) why = `${d.network} has inputs besides one image and one label input: ${others.map((p) => p.name).join(', ')}`;
  else if (label && labelWidth !== cond.width) why = `${d.network}'s label input "${label.name}" takes ${String(labelWidth)} labels, the dataset gives ${cond.width}`;
  if (why || !image) {
    ctx.io.stdout.write(`  ${d.network}'s "${d.output}" head: not scored (${why})\n`);
    return undefined;
  }
  const from = mask ? mask.sizes.slice(0, mask.dataset).reduce((a, b) => a + b, 0) : 0;
  return networkRows(
    net,
    { image: image.name, output: d.output, shape: size, ...(label ? { label: { port: label.name, width: cond.width } } : {}) },
    { from, to: from + width },
    { batch: ctx.options.batch, step: ctx.options.step, ...(cond.condition ? { condition: cond.condition } : {}) },
  );
}

async function cyclegan(ctx: Context, g: Extract<TranslatorGraph, { kind: 'cyclegan' }>) {
  const { io, trainer, options } = ctx;
  const tg = findTranslator(trainer, g.G);
  const tf = findTranslator(trainer, g.F);
  const node = sourceNode(ctx, g.a.node);
  const ex = await heldoutExamples(ctx, node, [g.a.port, g.b.port]);
  const a = ex.ports[g.a.port]!;
  const b = ex.ports[g.b.port]!;
  for (const [t, id] of [[tg, g.G], [tf, g.F]] as const) {
    if (a.shape.join() !== t.size.join()) throw new UserError(`network "${id}" takes ${t.size.join('×')} images; "${g.a.node}" gives ${a.shape.join('×')}`);
  }
  io.stdout.write(`CycleGAN "${g.G}" (${g.a.port} → ${g.b.port}) and "${g.F}" (${g.b.port} → ${g.a.port}) on ${ex.count} ${options.split} images of each domain of "${g.a.node}" (${node.type})\n`);
  const cs = classifierSourceFor(node, outputsOf(ctx, node.type));
  const loaded = cs?.domain ? await classifierFor(ctx, cs) : undefined;
  const run = (t: typeof tg) => networkTranslate(t.net, { image: t.image, output: t.output, shape: t.size }, { batch: options.batch, step: options.step });
  const q = trainer.withEvaluationWeights(() =>
    cycleganQuality({
      a: a.values,
      b: b.values,
      count: ex.count,
      G: run(tg),
      F: run(tf),
      range: rangeOf(ctx, node.type, g.a.port),
      ...(loaded && cs?.domain ? { classifier: loaded.classifier as AttributeClassifier, domain: cs.domain } : {}),
    }),
  );
  io.stdout.write(`  cycle L1: ‖F(G(a)) − a‖₁ ${q.cycleL1.a.toFixed(4)}, ‖G(F(b)) − b‖₁ ${q.cycleL1.b.toFixed(4)}\n`);
  if (q.domain) {
    const d = q.domain;
    io.stdout.write(`  real images classified as their domain: a ${d.a} ${pct(d.real.a)}, b ${d.b} ${pct(d.real.b)}\n`);
    io.stdout.write(`  ${g.G}(a) classified as ${d.b}: ${pct(d.G.domainAccuracy)}; kept ${attrs(d.G.preserved)}\n`);
    io.stdout.write(`  ${g.F}(b) classified as ${d.a}: ${pct(d.F.domainAccuracy)}; kept ${attrs(d.F.preserved)}\n`);
  } else {
    io.stdout.write(`  domain accuracy: skipped (no attribute classifier for ${node.type} domains)\n`);
  }
  return { kind: 'cyclegan', G: g.G, F: g.F, source: g.a.node, type: node.type, ports: { a: g.a.port, b: g.b.port }, ...(loaded ? { classifier: classifierSummary(loaded, cs!.node.type) } : {}), ...q };
}

async function pix2pix(ctx: Context, g: Extract<TranslatorGraph, { kind: 'pix2pix' }>) {
  const { io, trainer, options } = ctx;
  const t = findTranslator(trainer, g.network);
  const node = sourceNode(ctx, g.input.node);
  const outputs = outputsOf(ctx, node.type);
  const withLabels = outputs.has('label');
  const ex = await heldoutExamples(ctx, node, [g.input.port, g.target.port, ...(withLabels ? ['label'] : [])]);
  const x = ex.ports[g.input.port]!;
  if (x.shape.join() !== t.size.join()) throw new UserError(`network "${g.network}" takes ${t.size.join('×')} images; "${node.id}" gives ${x.shape.join('×')}`);
  io.stdout.write(`Pix2Pix "${g.network}" (${g.input.port} → ${g.target.port}) on ${ex.count} ${options.split} pairs of "${node.id}" (${node.type})\n`);
  const cs = withLabels ? classifierSourceFor(node, outputs) : undefined;
  const loaded = cs ? await classifierFor(ctx, cs) : undefined;
  const range = rangeOf(ctx, node.type, g.target.port);
  const q = trainer.withEvaluationWeights(() =>
    pix2pixQuality({
      inputs: x.values,
      targets: ex.ports[g.target.port]!.values,
      count: ex.count,
      translate: networkTranslate(t.net, { image: t.image, output: t.output, shape: t.size }, { batch: options.batch, step: options.step }),
      range,
      ...(loaded ? { classifier: loaded.classifier as AttributeClassifier, labels: ex.ports.label!.values } : {}),
    }),
  );
  io.stdout.write(`  L1 to the target ‖y − G(x)‖₁: ${q.l1.toFixed(4)} (mean per value in [${range.join(', ')}]; the input itself: ${q.inputL1.toFixed(4)})\n`);
  if (q.attributes) {
    io.stdout.write(`  ${scoreLine('attributes of G(x) vs the pair’s labels', q.attributes.translated)}\n`);
    io.stdout.write(`  ${scoreLine('attributes of the real targets (the ceiling)', q.attributes.real)}\n`);
  }
  return { kind: 'pix2pix', network: g.network, source: node.id, type: node.type, ports: { input: g.input.port, target: g.target.port }, range, ...(loaded ? { classifier: classifierSummary(loaded, cs!.node.type) } : {}), ...q };
}

/**
 * Runs the metrics of `graph`'s kind with the graph's evaluation weights in place (a weight
 * average, when the graph keeps one, as sampling does); every classifier is disposed afterwards.
 */
export async function evaluateTranslator(
  io: CliIO,
  trainer: Trainer,
  doc: GraphDocument,
  registry: Registry,
  host: Host,
  graph: TranslatorGraph,
  options: TranslatorEvalOptions,
): Promise<Record<string, unknown>> {
  const ctx: Context = { io, trainer, doc, registry, host, options, classifiers: new Map() };
  try {
    const body = graph.kind === 'stargan' ? await stargan(ctx, graph) : graph.kind === 'cyclegan' ? await cyclegan(ctx, graph) : await pix2pix(ctx, graph);
    return { split: options.split, step: options.step, ...body };
  } finally {
    for (const c of ctx.classifiers.values()) c.classifier.dispose();
  }
}
