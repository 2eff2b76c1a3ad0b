// Test-only plug-in (plain ESM so a worker thread can import it without a build): passes x
// through, and from step `atStep` on fails in the way `mode` says.
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode } from '@ganvas/core';

export const crashPassthrough = defineNode({
  type: 'crash.passthrough',
  version: 1,
  category: 'math',
  title: 'Crash (test)',
  description: 'Passes x through; fails from step atStep on (runner tests only).',
  params: z.object({
    atStep: z.number().int().default(3).describe('First step (0-based count of completed steps) that fails'),
    mode: z.enum(['throw', 'exit', 'uncaught']).default('throw').describe('throw in forward, exit the thread, or throw outside the step'),
  }),
  inputs: [{ name: 'x', contract: { role: 'tensor' } }],
  outputs: [{ name: 'y', contract: { role: 'tensor' } }],
  build: (ctx) => ({
    forward(inputs, fctx) {
      if (fctx.purpose === 'train' && fctx.step >= ctx.params.atStep) {
        if (ctx.params.mode === 'exit') process.exit(3);
        if (ctx.params.mode === 'uncaught') {
          setTimeout(() => {
            throw new Error('uncaught boom outside the step');
          }, 0);
        } else {
          throw new Error('boom: the test node failed on purpose');
        }
      }
      return { y: tf.mul(inputs.tensor('x'), 1) };
    },
  }),
});

export const nodes = [crashPassthrough];
