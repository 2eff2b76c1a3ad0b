import { z } from 'zod';
import type { RunStatus } from './protocol.js';

/** WebSocket messages, server → client (see API.md). */
export type ServerMessage =
  /** `backend`: the tfjs backend the run trains on, once its thread has chosen it. */
  | { type: 'status'; run: string; status: RunStatus; step: number; steps: number; backend?: string }
  | {
      type: 'step';
      run: string;
      step: number;
      losses: Record<string, number>;
      ms: number;
      stepsPerSecond: number;
      /** null until the speed is known. */
      etaSeconds: number | null;
    }
  | { type: 'phase'; run: string; step: number; phase: string; loss: number }
  | { type: 'sample'; run: string; step: number; file: string }
  | { type: 'error'; run: string; message: string }
  /** A note from the run's thread (a skipped image, a graph trained on one worker, …). */
  | { type: 'log'; run: string; level: 'info' | 'warn'; message: string };

/** Client → server. `run: '*'` (the default before any subscribe) means every run. */
export const zClientMessage = z.object({ type: z.literal('subscribe'), run: z.string().max(200) });
export type ClientMessage = z.infer<typeof zClientMessage>;
