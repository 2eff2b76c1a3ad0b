import type { BackendChoice } from '@ganvas/backend';

/** Messages between the server and a run's worker thread (structured-cloned). */

export type RunStatus = 'running' | 'paused' | 'stopped' | 'finished' | 'failed';

export interface RunSpec {
  document: Record<string, unknown>;
  steps?: number;
  seed?: number;
  backend?: BackendChoice;
  sampleEvery?: number;
  checkpointEvery?: number;
  /** Start paused, before the first step. */
  paused?: boolean;
}

export interface WorkerData {
  spec: RunSpec;
  dir: string;
  /** Where plug-ins are discovered (same as the server's registry). */
  searchDirs: string[];
  /** Relative data paths in the document resolve against this folder. */
  graphDir: string;
  ganvasVersion: string;
  /**
   * Data-parallel workers for the run (1: this thread only). A graph that cannot be split
   * trains on one, with a warning.
   */
  workers: number;
}

export type ToWorker =
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'step'; id: number; phase?: string };

export type FromWorker =
  | { type: 'started'; steps: number; step: number; phases: { name: string; repeat: number }[]; backend: string }
  | { type: 'status'; status: 'running' | 'paused'; step: number }
  | { type: 'step'; step: number; losses: Record<string, number>; ms: number }
  | { type: 'phase'; step: number; phase: string; loss: number }
  | { type: 'sample'; step: number; files: string[] }
  | { type: 'checkpoint'; step: number }
  | { type: 'stepResult'; id: number; error?: string; step?: number; phase?: string; loss?: number; losses?: Record<string, number> }
  | { type: 'log'; level: 'info' | 'warn'; message: string }
  | { type: 'done'; status: 'stopped' | 'finished' | 'failed'; step: number; error?: string };
