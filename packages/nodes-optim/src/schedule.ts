import { z } from 'zod';
import { defineNode } from '@ganvas/core';
import type { Contract } from '@ganvas/core';

function connectedCount(c: Contract | Contract[] | undefined): number {
  return c === undefined ? 0 : Array.isArray(c) ? c.length : 1;
}

/** Updates per step for each of `phaseCount` phases; throws on a length mismatch. */
export function repeatsFor(repeat: readonly number[], phaseCount: number, owner: string): number[] {
  if (repeat.length === 0) return new Array<number>(phaseCount).fill(1);
  if (repeat.length !== phaseCount) {
    throw new Error(`${owner}: "repeat" has ${repeat.length} entries but ${phaseCount} phases are connected`);
  }
  return [...repeat];
}

export const schedule = defineNode({
  type: 'optim.schedule',
  version: 1,
  category: 'training',
  title: 'Schedule',
  description:
    'Runs the connected phases in edge order each training step, phase i repeat[i] times in a row (empty repeat: once each). WGAN: [critic, generator] with repeat [5, 1].',
  docs: [
    'Each training step runs every connected phase in the order of its edges; phase *i* runs',
    '`repeat[i]` updates in a row, each on a fresh batch from the sources.',
    '',
    '- GAN / DCGAN: `phases = [D, G]`, `repeat = []` (one update each).',
    '- WGAN / WGAN-GP: `phases = [critic, G]`, `repeat = [5, 1]`.',
  ].join('\n'),
  params: z.object({
    repeat: z
      .array(z.number().int().positive())
      .default([])
      .describe('Updates per step for each connected phase, in edge order; empty means 1 each.'),
  }),
  inputs: [
    { name: 'phases', contract: { role: 'phase' }, multi: true, description: 'Training phases, run in edge order.' },
  ],
  outputs: [],
  infer(ctx) {
    const count = connectedCount(ctx.inputs['phases']);
    const { repeat } = ctx.params;
    if (count === 0) {
      return { errors: [{ port: 'phases', message: 'connect at least one phase (an optimizer\'s "phase" output) to "phases"' }] };
    }
    if (repeat.length > 0 && repeat.length !== count) {
      return {
        errors: [
          {
            port: 'phases',
            message: `"repeat" has ${repeat.length} entries but ${count} phases are connected; give one count per phase in edge order (or none for 1 each)`,
          },
        ],
      };
    }
    return { outputs: ctx.declaredOutputs };
  },
  build(ctx) {
    const { repeat } = ctx.params;
    return { schedule: (phaseCount) => repeatsFor(repeat, phaseCount, `node ${ctx.nodeId} (optim.schedule)`) };
  },
});
