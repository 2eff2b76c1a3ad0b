import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode } from '@ganvas/core';

export const clipWeights = defineNode({
  type: 'optim.clipWeights',
  version: 1,
  category: 'training',
  title: 'Clip weights',
  description:
    'After every update of the incoming phase, clips each trainable variable of "network" to [−clip, clip] in place (the WGAN critic constraint).',
  docs: [
    'A phase modifier: put it between the critic optimizer and the schedule, with the critic on',
    '`network`. After each critic update every trainable weight w becomes `min(max(w, −c), c)`.',
    'Running statistics (non-trainable variables) are left alone. WGAN uses c = 0.01.',
  ].join('\n'),
  params: z.object({
    clip: z.number().positive().default(0.01).describe('Weights are clipped to [−clip, clip].'),
  }),
  inputs: [
    { name: 'phase', contract: { role: 'phase' }, description: 'The phase after whose updates to clip.' },
    { name: 'network', contract: { role: 'network' }, description: 'The network whose weights are clipped.' },
  ],
  outputs: [{ name: 'phase', contract: { role: 'phase' }, description: 'The same phase, now with clipping.' }],
  build(ctx) {
    const { clip } = ctx.params;
    return {
      afterUpdate(inputs) {
        for (const v of inputs.network('network').trainableVariables()) {
          tf.tidy(() => {
            v.assign(tf.clipByValue(v, -clip, clip));
          });
        }
      },
    };
  },
});
