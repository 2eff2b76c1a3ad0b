import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Rng, type GraphDocument, type Registry } from '@ganvas/core';
import { RunDir } from '@ganvas/host-node';
import { intOption, oneOf, onePositional, parse } from '../args.js';
import { cwdOf, loadRegistry, resolvePath } from '../context.js';
import { UserError, messageOf } from '../errors.js';
import type { CliIO } from '../io.js';
import { BACKENDS, compileGraph, relativeTo, useBackend } from '../setup.js';

export const evalHelp = `usage: ganvas eval <run-dir> [--split heldout] [--batch 500] [--seed S] [--backend ...]

Evaluates a run's latest checkpoint on a data split it did not train on: every data source
that has a "split" param is switched to that split and read in order, once through, and each
phase's loss is averaged over the whole split (for the VAE template: the negative ELBO per
image, in nats). Writes <run-dir>/eval.json.

options:
  --split NAME         split to evaluate on (default: heldout)
  --batch N            images per evaluation batch (default: 500)
  --seed S             seed of the evaluation's random draws (default: 0)
  --backend auto|wasm|cpu|tensorflow   (default: auto)`;

const options = {
  split: { type: 'string' },
  batch: { type: 'string' },
  seed: { type: 'string' },
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
    const result = { step: checkpoint.meta.step, split, examples: seen, batch, seed, sources, losses: phases };
    const out = path.join(run.dir, 'eval.json');
    await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
    for (const [phase, loss] of Object.entries(phases)) {
      io.stdout.write(`${phase}: ${loss.toFixed(4)} (mean loss over ${seen} ${split} examples, step ${result.step})\n`);
    }
    io.stdout.write(`wrote ${relativeTo(io, out)}\n`);
    return 0;
  } finally {
    trainer.dispose();
  }
}
