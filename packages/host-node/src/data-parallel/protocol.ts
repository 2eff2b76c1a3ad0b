import type { Checkpoint } from '@ganvas/core';
import type { GroupMemory } from './shared-collective.js';

/** What a data-parallel worker thread starts from (its `workerData`). */
export interface WorkerInit {
  index: number;
  memory: GroupMemory;
  timeoutMs: number;
  /** The graph document as the first replica compiled it, with its seed and batch size. */
  document: unknown;
  seed: number;
  batchSize: number;
  /** Backend name the first replica runs on (wasm, cpu, tensorflow). */
  backend: string;
  /** Where plug-ins are discovered, as for the first replica. */
  searchDirs: string[];
  /** Base directory for files the graph names. */
  graphDir: string;
  /** The first replica's state: every replica starts from it (a fresh run or a resumed one). */
  checkpoint: Checkpoint;
}

export type ToWorker =
  | { type: 'step'; step: number }
  | { type: 'checksum' }
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; checksum: string }
  | { type: 'log'; level: 'info' | 'warn'; message: string }
  | { type: 'done'; step: number; ok: boolean; message?: string; tensors: number }
  | { type: 'checksum'; checksum: string; step: number }
  | { type: 'fatal'; message: string };
