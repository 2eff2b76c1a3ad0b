import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { compile, Rng, type ForwardContext, type Registry, type Trainer } from '@ganvas/core';
import { createNodeRegistry, nodeHost } from '@ganvas/host-node';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const templatesDir = path.resolve(here, '../../templates');

let registry: Registry | undefined;

export async function compileTemplate(file: string, batchSize: number, seed = 1): Promise<{ trainer: Trainer; doc: unknown; file: string }> {
  registry ??= (await createNodeRegistry({ searchDirs: [path.resolve(here, '..')] })).registry;
  const full = path.resolve(templatesDir, file);
  const doc = JSON.parse(fs.readFileSync(full, 'utf8')) as unknown;
  return { trainer: await compile(doc, registry, { host: nodeHost, batchSize, seed }), doc, file: full };
}

/** An evaluation memo whose listed nodes already have outputs: the graph computes the rest. */
export function seededMemo(outputs: Record<string, Record<string, tf.Tensor>>) {
  return { outputs: new Map<string, Record<string, unknown>>(Object.entries(outputs)) };
}

export function evalContext(seed: number, batchSize: number): ForwardContext {
  return { training: true, rng: new Rng(seed), batchSize, step: 0, purpose: 'eval' };
}

/** Scalar `loss` values of top-level nodes, evaluated in order with one memo (one tidy scope, so memoised tensors live until the end). */
export function lossesOf(trainer: Trainer, memo: ReturnType<typeof seededMemo>, nodeIds: readonly string[], ctx: ForwardContext): Record<string, number> {
  const out: Record<string, number> = {};
  tf.tidy(() => {
    for (const id of nodeIds) out[id] = (trainer.top.value(id, 'loss', memo as never, ctx) as tf.Tensor).dataSync()[0]!;
  });
  return out;
}
