import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Rng, type GraphDocument, type Registry, type Trainer } from '@ganvas/core';
import { findGenerator, generatorQuality, type Generator } from '@ganvas/tools';
import { RunDir } from '@ganvas/host-node';
import { intOption, oneOf, onePositional, parse } from '../args.js';
import { cwdOf, loadRegistry, resolvePath } from '../context.js';
import { UserError, messageOf } from '../errors.js';
import type { CliIO } from '../io.js';
import { BACKENDS, compileGraph, relativeTo, useBackend } from '../setup.js';
import { classifierSummary, loadDigitMetrics, qualityLines } from './digit-metrics.js';

export const evalHelp = `usage: ganvas eval <run-dir> [--split heldout] [--batch 500] [--seed S] [--samples 1000] [--backend ...]

Evaluates a run's latest checkpoint on a data split it did not train on: every data source
that has a "split" param is switched to that split and read in order, once through, and each
phase's loss is averaged over the whole split (for the VAE template: the negative ELBO per
image, in nats).

When the graph has a generator of 28×28 digits (a core.preview fed by a core.apply of a
network with a latent input, as in the GAN, DCGAN, WGAN, cGAN and VAE templates), it also
measures its samples with a small MNIST classifier ganvas trains itself (on the training split,
cached under $GANVAS_CACHE_DIR or ~/.cache/ganvas; its held-out accuracy is reported):
  - class coverage: the share of samples classified as each digit, vs the real mix;
  - label accuracy, for conditional generators (one with a one-hot/label input): samples
    asked for digit k, in turn, classified as k;
  - Fréchet distance between the classifier's penultimate-layer features of the samples and
    of the 1,000 real held-out digits (an FID in our classifier's feature space: compare runs
    measured by the same classifier, not with published Inception FIDs).
Writes <run-dir>/eval.json.

options:
  --split NAME         split to evaluate on (default: heldout)
  --batch N            images per evaluation batch (default: 500)
  --seed S             seed of the evaluation's random draws (default: 0)
  --samples N          generated samples for the quality metrics (default: 1000)
  --sample-seed S      seed of their latents (default: 12345)
  --no-quality         losses only: skip the classifier-based metrics
  --backend auto|wasm|cpu|tensorflow   (default: auto)`;

const options = {
  split: { type: 'string' },
  batch: { type: 'string' },
  seed: { type: 'string' },
  samples: { type: 'string' },
  'sample-seed': { type: 'string' },
  'no-quality': { type: 'boolean' },
  backend: { type: 'string' },
} as const;

/** The document with every split-aware source reading `split` in order. */
export function heldoutDocument(doc: GraphDocument, registry: Registry, split: string): { doc: GraphDocument; sources: string[] } {
  const sources: string[] = [];
  const nodes = doc.nodes.map((node) => {
    const def = registry.get(node.type)?.definition;
    // A source takes part when its params accept this split read in order; its own batch
    // param is dropped so the evaluation batch applies.
    const { batch: _batch, ...params }: Record<string, unknown> = { ...node.params, split, order: 'sequential' };
    if (def?.category !== 'data' || !def.params.safeParse(params).success) return node;
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
  const batch = intOption('batch', values.batch, 1) ?? 500;
  const seed = intOption('seed', values.seed) ?? 0;
  const backend = oneOf('backend', values.backend, BACKENDS) ?? 'auto';
  const fail = (e: unknown): never => {
    throw new UserError(`cannot evaluate ${run.dir}: ${messageOf(e)}`);
  };
  const raw = (await run.readGraph().catch(fail)) as GraphDocument;
  const info = await run.readRunInfo().catch(fail);
  const checkpoint = await run.loadLatestCheckpoint().catch(fail);
  const { registry } = await loadRegistry(io);
  const { doc, sources } = heldoutDocument(raw, registry, split);
  if (sources.length === 0) {
    throw new UserError(`the graph has no data source with a "${split}" split to evaluate on`);
  }
  await useBackend(backend, io);
  const trainer = await compileGraph(doc, registry, {
    seed: info.seed,
    batchSize: batch,
    graphDir: info.graphSource ? path.dirname(info.graphSource) : cwdOf(io),
    io,
  });
  try {
    try {
      trainer.restore(checkpoint, { weightsOnly: true });
    } catch (e) {
      fail(e);
    }
    // Each sequential source reports its split size; enough batches to see the largest once.
    const counts = sources.map((id) => {
      const state = trainer.top.nodes.get(id)?.instance?.getState?.().json as { count?: number } | undefined;
      return state?.count ?? batch;
    });
    const examples = Math.max(...counts);
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
    const result: Record<string, unknown> = { step: checkpoint.meta.step, split, examples: seen, batch, seed, sources, losses: phases };
    for (const [phase, loss] of Object.entries(phases)) {
      io.stdout.write(`${phase}: ${loss.toFixed(4)} (mean loss over ${seen} ${split} examples, step ${result.step})\n`);
    }
    if (!values['no-quality']) {
      result.quality = await sampleQuality(trainer, io, {
        samples: intOption('samples', values.samples, 2) ?? 1000,
        seed: intOption('sample-seed', values['sample-seed']) ?? 12345,
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

/**
 * Classifier-based quality of the run's generator, or why it was skipped (no generator
 * structure, images that are not 28×28×1 digits).
 */
async function sampleQuality(trainer: Trainer, io: CliIO, options: { samples: number; seed: number }): Promise<Record<string, unknown>> {
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
    return { generator: { network: gen.network.name, apply: gen.applyId, preview: gen.previewId, conditional: q.conditional }, seed: options.seed, ...q, classifier: classifierSummary(metrics) };
  } catch (e) {
    io.stdout.write(`sample quality: skipped (${messageOf(e)})\n`);
    return { skipped: messageOf(e) };
  } finally {
    metrics.loaded.classifier.dispose();
  }
}
