import { loadMnist } from '@ganvas/nodes-data';
import { loadOrTrainClassifier, realReference, type LoadedClassifier, type RealReference, type SampleQuality } from '@ganvas/tools';
import { defaultCacheDir, fileStore } from '@ganvas/tools/node';
import type { CliIO } from '../io.js';

/**
 * The digit classifier the quality metrics use, for the CLI: trained on MNIST's training
 * split on first use (about a minute or two on wasm) and cached under the ganvas cache dir
 * (`$GANVAS_CACHE_DIR`, else `~/.cache/ganvas`), with its held-out accuracy.
 */
export interface DigitMetrics {
  loaded: LoadedClassifier;
  reference: RealReference;
  /** Where the classifier is cached. */
  file: string;
}

export async function loadDigitMetrics(io: CliIO): Promise<DigitMetrics> {
  const store = fileStore(defaultCacheDir(io.env ?? process.env));
  const train = await loadMnist('train');
  const heldout = await loadMnist('heldout');
  const loaded = await loadOrTrainClassifier({
    train,
    heldout,
    store,
    onEpoch: (e) => io.stderr.write(`  classifier epoch ${e.epoch}: loss ${e.loss.toFixed(4)} (${(e.ms / 1000).toFixed(1)} s)\n`),
  });
  const file = store.describe!(loaded.info.key);
  const acc = `${(loaded.info.heldoutAccuracy * 100).toFixed(2)}% on ${loaded.info.heldoutCount} held-out digits`;
  io.stdout.write(loaded.cached ? `classifier: ${acc} (cached: ${file})\n` : `classifier: trained in ${(loaded.info.trainMs / 1000).toFixed(1)} s, ${acc}; cached at ${file}\n`);
  return { loaded, reference: realReference(loaded.classifier, heldout), file };
}

/** The classifier's description as written into eval JSON files. */
export function classifierSummary(m: DigitMetrics) {
  const { info, cached } = m.loaded;
  return { arch: info.arch, key: info.key, heldoutAccuracy: info.heldoutAccuracy, heldoutCount: info.heldoutCount, trainCount: info.trainCount, cached, file: m.file };
}

/** Human-readable lines for a quality result. */
export function qualityLines(q: SampleQuality): string[] {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const lines = [
    `Fréchet distance (classifier features, ${q.samples} samples vs real held-out): ${q.frechetDistance.toFixed(3)}`,
    `class coverage: ${q.coverage.shares.map((s, c) => `${c}:${pct(s)}`).join(' ')}`,
    `  total variation from the real class mix: ${q.coverage.totalVariation.toFixed(3)}` +
      (q.coverage.underrepresented.length ? `; underrepresented: ${q.coverage.underrepresented.join(', ')}` : ''),
  ];
  const sure = q.coverage.confident;
  if (sure) {
    lines.push(
      `  classified with p ≥ ${sure.threshold}: ${pct(sure.share)} of samples (real digits: ${pct(sure.realShare)}); their mix: ${sure.shares.map((s, c) => `${c}:${pct(s)}`).join(' ')}`,
    );
  }
  if (q.labelAccuracy !== undefined) lines.push(`label accuracy (classified as the requested digit): ${pct(q.labelAccuracy)}`);
  return lines;
}
