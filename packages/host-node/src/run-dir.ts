import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Checkpoint } from '@ganvas/core';
import { latestCheckpointDir, listCheckpointSteps, loadCheckpointDir, saveCheckpoint } from './checkpoint-files.js';
import { isMissing, writeFileAtomic } from './fs-util.js';

/**
 * A run directory: everything needed to inspect, resume or repeat a run, from the directory
 * alone (so a queue of runs can later be executed anywhere the directory is visible).
 *
 *   graph.json          the document as run
 *   run.json            seed, backend, batch size, plug-in versions, times
 *   metrics.jsonl       one `{step, losses, ms}` object per line
 *   samples/            step-000200.png … and latest.png
 *   checkpoints/        step-000040/{checkpoint.json, weights.bin}, `latest`
 */

export interface RunInfo {
  seed: number;
  backend: string;
  batchSize: number;
  /** Total steps requested by the latest invocation. */
  steps?: number;
  /** Versions of the plug-in packages that were loaded, by package name. */
  packages: Record<string, string>;
  ganvasVersion: string;
  /** Absolute path of the graph file the run started from: relative data paths resolve against its directory. */
  graphSource?: string;
  startedAt: string;
  finishedAt?: string;
  /** Data-parallel workers the run started with (absent: 1). */
  workers?: number;
  /** One entry per `--resume`. */
  resumes?: { at: string; fromStep: number; backend: string; workers?: number }[];
}

export interface MetricsRecord {
  step: number;
  losses: Record<string, number>;
  ms: number;
}

export class RunDir {
  /** Checkpoints kept; older ones are deleted after each save. */
  keepCheckpoints = 3;

  constructor(readonly dir: string) {}

  get graphFile(): string {
    return path.join(this.dir, 'graph.json');
  }
  get runFile(): string {
    return path.join(this.dir, 'run.json');
  }
  get metricsFile(): string {
    return path.join(this.dir, 'metrics.jsonl');
  }
  get samplesDir(): string {
    return path.join(this.dir, 'samples');
  }
  get checkpointsDir(): string {
    return path.join(this.dir, 'checkpoints');
  }

  async init(): Promise<void> {
    await mkdir(this.samplesDir, { recursive: true });
    await mkdir(this.checkpointsDir, { recursive: true });
  }

  async writeGraph(document: unknown): Promise<void> {
    await writeFileAtomic(this.graphFile, `${JSON.stringify(document, null, 2)}\n`);
  }

  /** The document as run (parsed JSON, not yet validated). */
  async readGraph(): Promise<unknown> {
    return this.readJson(this.graphFile, 'is it a ganvas run directory?');
  }

  async writeRunInfo(info: RunInfo): Promise<void> {
    await writeFileAtomic(this.runFile, `${JSON.stringify(info, null, 2)}\n`);
  }

  async readRunInfo(): Promise<RunInfo> {
    return (await this.readJson(this.runFile, 'is it a ganvas run directory?')) as RunInfo;
  }

  async appendMetrics(record: MetricsRecord): Promise<void> {
    await appendFile(this.metricsFile, `${JSON.stringify(record)}\n`);
  }

  async readMetrics(): Promise<MetricsRecord[]> {
    return parseMetrics(await this.readText(this.metricsFile));
  }

  /**
   * Drop metrics of steps after `step` (the checkpoint a resumed run continues from), and a
   * torn last line from a crash, so the file describes exactly one history.
   */
  async truncateMetrics(step: number): Promise<void> {
    const kept = parseMetrics(await this.readText(this.metricsFile)).filter((r) => r.step <= step);
    await writeFileAtomic(this.metricsFile, kept.map((r) => `${JSON.stringify(r)}\n`).join(''));
  }

  /** Writes `samples/step-000200[-suffix].png` and `samples/latest[-suffix].png`; returns the first. */
  async writeSample(step: number, png: Uint8Array, suffix = ''): Promise<string> {
    await mkdir(this.samplesDir, { recursive: true });
    const tail = suffix ? `-${suffix}` : '';
    const file = path.join(this.samplesDir, `step-${String(step).padStart(6, '0')}${tail}.png`);
    await writeFile(file, png);
    await writeFileAtomic(path.join(this.samplesDir, `latest${tail}.png`), png);
    return file;
  }

  async saveCheckpoint(checkpoint: Checkpoint): Promise<string> {
    return saveCheckpoint(this.checkpointsDir, checkpoint, this.keepCheckpoints);
  }

  /** Steps of the checkpoints on disk, ascending. */
  async checkpointSteps(): Promise<number[]> {
    return listCheckpointSteps(this.checkpointsDir);
  }

  async loadLatestCheckpoint(): Promise<Checkpoint> {
    return loadCheckpointDir(await latestCheckpointDir(this.checkpointsDir));
  }

  private async readText(file: string): Promise<string> {
    try {
      return await readFile(file, 'utf8');
    } catch (e) {
      if (isMissing(e)) return '';
      throw e;
    }
  }

  private async readJson(file: string, hint: string): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if (isMissing(e)) throw new Error(`${file} not found: ${hint}`);
      throw e;
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new Error(`${file} is corrupt: ${(e as Error).message}`);
    }
  }
}

function parseMetrics(text: string): MetricsRecord[] {
  const out: MetricsRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as MetricsRecord;
      if (typeof r.step === 'number') out.push(r);
    } catch {
      // A torn line from a crash mid-append: skipped (and removed by truncateMetrics).
    }
  }
  return out;
}
