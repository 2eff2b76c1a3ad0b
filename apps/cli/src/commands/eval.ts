import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Rng, type GraphDocument, type Registry, type Trainer } from '@ganvas/core';
import { findGenerator, generatorQuality, type Generator } from '@ganvas/tools';
import { RunDir, createNodeHost } from '@ganvas/host-node';
import { intOption, oneOf, onePositional, parse } from '../args.js';
import { cwdOf, loadRegistry, resolvePath } from '../context.js';
import { UserError, messageOf } from '../errors.js';
import type { CliIO } from '../io.js';
import { BACKENDS, compileGraph, relativeTo, useBackend } from '../setup.js';
import { classifierSummary, loadDigitMetrics, qualityLines } from './digit-metrics.js';
import { evaluateTranslator } from './eval-translator.js';
import { splitSize } from './translator-data.js';
import { TRANSLATOR_SHAPES, detectTranslator } from './translator-graph.js';

export const evalHelp = `usage: ganvas eval <run-dir> [--split heldout] [--batch N] [--seed S] [--samples N] [--no-losses] [--backend ...]

Evaluates a run's latest checkpoint on a data split it did not train on: every data source
that has a "split" param is switched to that split and read in order, once through, and each
phase's loss is averaged over the whole split (for the VAE template: the negative ELBO per
image, in nats).

When the graph has a generator of 28×28 digits (a core.preview fed by a core.apply of a
network with a latent input, as in the GAN, DCGAN, WGAN, cGAN and VAE templates), it also
measures its samples with a small MNIST classifier ganvas trains itself (on the training split,
cached under $GANVAS_CACHE_DIR or ~/.cache/ganvas; its held-out accuracy is reported):
  - class coverage: the share of samples classified as each digit, vs the real mix; and the
    same among the samples classified with probability >= 0.9 (malformed samples land in some
    class too: an excess that vanishes here is junk, not a digit drawn too often);
  - label accuracy, for conditional generators (one with a one-hot/label input): samples
    asked for digit k, in turn, classified as k;
  - Fréchet distance between the classifier's penultimate-layer features of the samples and
    of the 1,000 real held-out digits (an FID in our classifier's feature space: compare runs
    measured by the same classifier, not with published Inception FIDs).

When the graph is an image-to-image translator (detected from its structure: StarGAN — a
network with an image and a label input and classification losses; CycleGAN — two networks
applied in a cycle with an L1 loss back to the input; Pix2Pix — a network whose output has an
L1 loss to another port of its data source), it translates held-out images of the graph's own
data sources (the first --samples of the split) and judges them with an attribute classifier
ganvas trains on the source's training split (5×5 stride-2 convnet, global max, sigmoid per
label; cached like the digit classifier; its held-out accuracy per attribute is reported, and
is the ceiling of the scores below):
  - StarGAN: target-attribute accuracy per attribute for targets drawn as training draws them
    (the held-out labels in random order), one row per single-attribute change ("hair → blond":
    share classified blond, and the other attributes kept), reconstruction L1
    ‖x − G(G(x, c), c′)‖₁, and the classifier's accuracy on the real images. The graph's
    own discriminator head (the network output that feeds the classification losses, D's
    "cls") is scored the same way on the real images and on the translations: a head that
    accepts translations the classifier rejects is being fooled by G. A conditional D (labels
    in beside the image) gets the real images' own labels and the translations' targets, as in
    training. With a mask vector
    (two datasets) each dataset is scored on its own labels only;
  - CycleGAN: share of G(a) classified as domain B and of F(b) as domain A (shapes domains),
    the other attributes kept, and the cycle L1 ‖F(G(a)) − a‖₁, ‖G(F(b)) − b‖₁;
  - Pix2Pix: L1 ‖y − G(x)‖₁ to the target (mean per value in the image range, as the
    template's L1 term), next to ‖y − x‖₁; for labelled pairs also the attributes of G(x).
Networks run in inference mode (batch norm on running statistics, no dropout).
Writes <run-dir>/eval.json ("losses", and "quality" for digits or "translation").

options:
  --split NAME         split to evaluate on (default: heldout)
  --batch N            images per evaluation batch (default: 500; translators: 50)
  --seed S             seed of the evaluation's random draws, StarGAN's targets (default: 0)
  --samples N          generated digit samples (default 1000); translators: held-out images
                       to translate (default: the whole split, at most 1000)
  --sample-seed S      seed of the digit samples' latents (default: 12345)
  --batch-statistics N  make the digit samples in batches of N with batch norm on each batch's
                       statistics, as G runs in training, instead of inference mode (running
                       statistics); shows how much of a result is due to the running statistics
  --flip-samples N     StarGAN: images for the single-attribute rows (default: all --samples)
  --classifier-images N  translators: training images of the attribute classifier
                       (default: 3000 shapes, 2500 faces)
  --classifier-epochs N  its epochs (default: 10 shapes, 8 faces)
  --translator         fail unless the graph is a translator (instead of falling back to
                       losses and digit metrics)
  --no-quality         losses only: skip the classifier-based metrics
  --no-losses          metrics only: skip the held-out losses (for translators they take
                       longer than the metrics)
  --backend auto|wasm|cpu|tensorflow   (default: auto)`;

const options = {
  split: { type: 'string' },
  batch: { type: 'string' },
  seed: { type: 'string' },
  samples: { type: 'string' },
  'sample-seed': { type: 'string' },
  'batch-statistics': { type: 'string' },
  'flip-samples': { type: 'string' },
  'classifier-images': { type: 'string' },
  'classifier-epochs': { type: 'string' },
  translator: { type: 'boolean' },
  'no-quality': { type: 'boolean' },
  'no-losses': { type: 'boolean' },
  backend: { type: 'string' },
} as const;

/** The document with every split-aware source reading `split` in order. */
export function heldoutDocument(doc: GraphDocument, registry: Registry, split: string): { doc: GraphDocument; sources: string[] } {
  const sources: string[] = [];
  const nodes = doc.nodes.map((node) => {
    const def = registry.get(node.type)?.definition;
    // A source takes part when its params have a split and accept this one read in order
    // (a data node without one, like i2i.targetLabels, would drop the key and still parse);
    // its own batch param is dropped so the evaluation batch applies.
    const { batch: _batch, ...params }: Record<string, unknown> = { ...node.params, split, order: 'sequential' };
    const parsed = def?.category === 'data' ? def.params.safeParse(params) : undefined;
    if (!parsed?.success || (parsed.data as { split?: unknown }).split !== split) return node;
    sources.push(node.id);
    return { ...node, params };
  });
  return { doc: { ...doc, nodes }, sources };
}

export async function evalCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse('eval', argv, options);
  if (values.help) {
    io.stdout.write(`${evalHelp}\n`);
    return 0;
  }
  const run = new RunDir(resolvePath(io, onePositional('eval', positionals, 'the run directory')));
  const split = values.split ?? 'heldout';
  const seed = intOption('seed', values.seed) ?? 0;
  const backend = oneOf('backend', values.backend, BACKENDS) ?? 'auto';
  if (values['no-losses'] && values['no-quality']) {
    throw new UserError('--no-losses and --no-quality together leave nothing to evaluate');
  }
  const fail = (e: unknown): never => {
    throw new UserError(`cannot evaluate ${run.dir}: ${messageOf(e)}`);
  };
  const raw = (await run.readGraph().catch(fail)) as GraphDocument;
  const info = await run.readRunInfo().catch(fail);
  const checkpoint = await run.loadLatestCheckpoint().catch(fail);
  const { registry } = await loadRegistry(io);
  const translator = detectTranslator(raw, registry);
  if (values.translator && !translator) {
    throw new UserError(`cannot evaluate ${run.dir} as a translator: its graph matches none of the image-to-image shapes:`, TRANSLATOR_SHAPES);
  }
  // Translator graphs apply several image networks per step: 500 images at once overflow wasm memory.
  const batch = intOption('batch', values.batch, 1) ?? (translator ? 50 : 500);
  const { doc, sources } = heldoutDocument(raw, registry, split);
  if (sources.length === 0) {
    throw new UserError(`the graph has no data source with a "${split}" split to evaluate on`);
  }
  await useBackend(backend, io);
  const graphDir = info.graphSource ? path.dirname(info.graphSource) : cwdOf(io);
  const trainer = await compileGraph(doc, registry, { seed: info.seed, batchSize: batch, graphDir, io });
  try {
    try {
      trainer.restore(checkpoint, { weightsOnly: true });
    } catch (e) {
      fail(e);
    }
    // Each sequential source reports its split size (per stream); enough batches to see the largest once.
    const counts = sources.map((id) => {
      const instance = trainer.top.nodes.get(id)?.instance;
      return (instance && splitSize(instance)) ?? batch;
    });
    const examples = Math.max(...counts);
    const result: Record<string, unknown> = { step: checkpoint.meta.step, split, batch, seed, sources };
    if (!values['no-losses']) {
      const batches = Math.ceil(examples / batch);
      const rng = new Rng(seed);
      const sums: Record<string, number> = {};
      let seen = 0;
      for (let b = 0; b < batches; b++) {
        const size = Math.min(batch, examples - seen);
        const losses = trainer.evaluate(rng);
        // The last batch wraps around to the start of the split; weight it by its new images only.
        for (const [phase, loss] of Object.entries(losses)) sums[phase] = (sums[phase] ?? 0) + loss * size;
        seen += size;
      }
      const phases = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / seen]));
      Object.assign(result, { examples: seen, losses: phases });
      for (const [phase, loss] of Object.entries(phases)) {
        io.stdout.write(`${phase}: ${loss.toFixed(4)} (mean loss over ${seen} ${split} examples, step ${result.step})\n`);
      }
    }
    if (!values['no-quality'] && translator) {
      const host = createNodeHost({ baseDir: graphDir, log: (_level, message) => io.stderr.write(`${message}\n`) });
      result.translation = await evaluateTranslator(io, trainer, raw, registry, host, translator, {
        split,
        seed,
        step: checkpoint.meta.step,
        batch: Math.min(batch, 50),
        ...optional('samples', intOption('samples', values.samples, 1)),
        ...optional('flipSamples', intOption('flip-samples', values['flip-samples'])),
        ...optional('classifierImages', intOption('classifier-images', values['classifier-images'], 2)),
        ...optional('classifierEpochs', intOption('classifier-epochs', values['classifier-epochs'], 1)),
      });
    } else if (!values['no-quality']) {
      result.quality = await sampleQuality(trainer, io, {
        samples: intOption('samples', values.samples, 2) ?? 1000,
        seed: intOption('sample-seed', values['sample-seed']) ?? 12345,
        ...optional('batchStatistics', intOption('batch-statistics', values['batch-statistics'], 2)),
      });
    }
    const out = path.join(run.dir, 'eval.json');
    await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
    io.stdout.write(`wrote ${relativeTo(io, out)}\n`);
    return 0;
  } finally {
    trainer.dispose();
  }
}

/** `{ [key]: value }` when the option was given, else nothing (for exact optional fields). */
function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/**
 * Classifier-based quality of the run's generator, or why it was skipped (no generator
 * structure, images that are not 28×28×1 digits).
 */
async function sampleQuality(trainer: Trainer, io: CliIO, options: { samples: number; seed: number; batchStatistics?: number }): Promise<Record<string, unknown>> {
  let gen: Generator;
  try {
    gen = findGenerator(trainer);
  } catch (e) {
    io.stdout.write(`sample quality: skipped (${messageOf(e)})\n`);
    return { skipped: messageOf(e) };
  }
  const metrics = await loadDigitMetrics(io);
  try {
    const q = generatorQuality(gen, metrics.loaded.classifier, metrics.reference, options);
    for (const line of qualityLines(q)) io.stdout.write(`${line}\n`);
    return { generator: { network: gen.network.name, apply: gen.applyId, preview: gen.previewId, conditional: q.conditional }, seed: options.seed, ...optional('batchStatistics', options.batchStatistics), ...q, classifier: classifierSummary(metrics) };
  } catch (e) {
    io.stdout.write(`sample quality: skipped (${messageOf(e)})\n`);
    return { skipped: messageOf(e) };
  } finally {
    metrics.loaded.classifier.dispose();
  }
}
