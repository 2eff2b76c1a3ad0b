import { z } from 'zod';

/** Bodies of the JSON routes (untrusted: parsed with safeParse in readJsonBody). */

const zDocumentObject = z.record(z.string(), z.unknown(), { error: 'document must be a graph document (a JSON object)' });

export const zValidateBody = z.object({ document: zDocumentObject });

export const zStartRunBody = z.strictObject({
  document: zDocumentObject,
  steps: z.int().min(1).max(10_000_000).optional(),
  seed: z.int().min(0).max(2 ** 32 - 1).optional(),
  backend: z.enum(['auto', 'wasm', 'cpu']).optional(),
  sampleEvery: z.int().min(0).optional(),
  checkpointEvery: z.int().min(0).optional(),
  /** Start paused (before the first step): step-by-step teaching begins at step 0. */
  paused: z.boolean().optional(),
});
export type StartRunBody = z.infer<typeof zStartRunBody>;

export const zStepBody = z.strictObject({ phase: z.string().min(1).max(200).optional() });

export const zEmptyBody = z.object({});

export const zNodeLayersBody = z.strictObject({
  type: z.string().min(1).max(200),
  params: z.record(z.string(), z.unknown(), { error: 'params must be a JSON object' }).default({}),
});
