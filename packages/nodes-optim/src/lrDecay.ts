import { z } from 'zod';
import type { UpdateContext } from '@ganvas/core';

/**
 * Linear learning-rate decay over absolute training steps, shared by every optimizer node.
 * Absolute steps, not fractions of `training.steps`: resuming a run with a larger `--steps`
 * must not move the schedule under the weights already trained.
 */
const step = (name: string) => {
  const message = `"${name}" is a training step: a whole number ≥ 0`;
  return z.number().int(message).min(0, message);
};

export const zLrDecay = z
  .strictObject({
    from: step('from').describe('Last training step at the full learning rate (1-based, as in metrics.jsonl).'),
    to: step('to').describe('First training step at final × the learning rate.'),
    final: z
      .number()
      .min(0, 'final is a factor of lr and must be between 0 and 1')
      .max(1, 'final is a factor of lr and must be between 0 and 1')
      .default(0)
      .describe('Factor of lr from step "to" on (0: no further updates).'),
  })
  .superRefine((d, ctx) => {
    if (d.from >= d.to) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `"to" (${d.to}) must come after "from" (${d.from}): lr is full up to step "from" and falls linearly to "final" at step "to"`,
      });
    }
  });
export type LrDecay = z.infer<typeof zLrDecay>;

/** The `lrDecay` param every optimizer node declares (absent: a constant learning rate). */
export const zLrDecayParam = zLrDecay
  .optional()
  .describe(
    'Optional linear learning-rate decay in training steps, { from, to, final = 0 }: lr × 1 up to step from, falling linearly to lr × final at step to, then constant.',
  );

/** What an optimizer's parsed params carry for the decay. */
export interface LrDecayParams {
  lrDecay?: LrDecay | undefined;
}

/**
 * The factor of lr for the updates of 1-based training step `step`: 1 while step ≤ from,
 * `final` once step ≥ to, linear in between. PyTorch equivalent: `LambdaLR(opt, lambda k:
 * lrFactor(k + 1))` with `scheduler.step()` once after every training iteration (its k counts
 * the iterations already done).
 */
export function lrFactor(d: LrDecay, step: number): number {
  if (step <= d.from) return 1;
  if (step >= d.to) return d.final;
  return 1 - ((1 - d.final) * (step - d.from)) / (d.to - d.from);
}

/**
 * The factor for one `apply`: 1 without a decay (so the update is exactly the undecayed one),
 * else the factor of the step the trainer passed. Throws, naming the node, when a decay is set
 * but the caller passed no step: guessing one would silently train at the wrong rate.
 */
export function lrFactorFor(d: LrDecay | undefined, context: UpdateContext | undefined, owner: string): number {
  if (d === undefined) return 1;
  const step = context?.step;
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 1) {
    throw new Error(
      `${owner}: lrDecay needs the training step of each update, but apply() was given ${step === undefined ? 'none' : `step ${step}`} (the trainer passes { step }, 1-based)`,
    );
  }
  return lrFactor(d, step);
}

/** The shared docs paragraph of the optimizer nodes. */
export const LR_DECAY_DOCS = [
  'Learning-rate decay (optional `lrDecay: { from, to, final = 0 }`, in training steps): every update',
  'of training step s (1-based, the step number of the CLI progress and metrics.jsonl; all updates',
  'of a step, such as the five critic updates of a 5:1 schedule, share it) uses lr · f(s), where',
  'f(s) = 1 for s ≤ from, f(s) = final for s ≥ to, and f(s) = 1 − (1 − final)·(s − from)/(to − from)',
  'in between. In PyTorch: `LambdaLR(optimizer, lambda k: f(k + 1))` stepped once after every',
  'training iteration. Steps are absolute, so resuming with a larger --steps keeps the schedule.',
  'Constant for n steps, then to zero over the next m (CycleGAN, StarGAN): from n, to n + m',
  '(the last step then runs at 0; to n + m + 1 keeps CycleGAN’s last factor 1/(m + 1)).',
].join('\n');
