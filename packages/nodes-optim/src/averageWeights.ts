import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { defineNode, type NodeState } from '@ganvas/core';

/**
 * An exponential moving average of a network's trainable weights, kept beside training and
 * used when the run is sampled or evaluated. GAN generators oscillate between modes from one
 * update to the next; the average over the last ~1/(1 − decay) updates sits near the centre
 * of that oscillation, which gives steadier samples and a steadier class mix (Yazıcı et al.,
 * "The Unusual Effectiveness of Averaging in GAN Training", 2019).
 */
export const averageWeights = defineNode({
  type: 'optim.averageWeights',
  version: 1,
  category: 'training',
  title: 'Average weights (EMA)',
  description:
    'After every update of the incoming phase, moves a running average of "network"’s trainable weights towards them: avg ← decay·avg + (1 − decay)·w. Samples, previews and the generator tools use the average; training uses the live weights.',
  docs: [
    'A phase modifier: put it between the generator’s optimizer and the schedule, with the',
    'generator on `network`. The average starts at the weights after the first update and is',
    'saved in checkpoints. Running statistics (batch norm) are not averaged: sampling uses the',
    'live ones. decay = 0.999 averages over roughly the last thousand updates.',
  ].join('\n'),
  params: z.object({
    decay: z.number().min(0).max(1).lt(1, 'decay must be below 1 (1 would never move)').default(0.999).describe('Weight of the old average in each update.'),
  }),
  inputs: [
    { name: 'phase', contract: { role: 'phase' }, description: 'The phase after whose updates to average.' },
    { name: 'network', contract: { role: 'network' }, description: 'The network whose weights are averaged.' },
  ],
  outputs: [{ name: 'phase', contract: { role: 'phase' }, description: 'The same phase, now followed by the averaging.' }],
  build(ctx) {
    const { decay } = ctx.params;
    let average: tf.Tensor[] = [];
    let updates = 0;
    const check = (variables: tf.Variable[]) => {
      if (average.length === 0) return;
      const bad = variables.findIndex((v, i) => !average[i] || average[i]!.shape.join() !== v.shape.join());
      if (average.length !== variables.length || bad >= 0) {
        throw new Error(
          `the saved average has ${average.length} weights but the network has ${variables.length}` +
            (bad >= 0 ? ` (weight ${bad}: [${variables[bad]!.shape}] vs [${average[bad]?.shape ?? ''}])` : '') +
            ': was the checkpoint taken from another graph?',
        );
      }
    };
    return {
      afterUpdate(inputs) {
        const variables = inputs.network('network').trainableVariables();
        check(variables);
        // The engine runs modifiers inside tf.tidy: keep what outlives this call.
        if (average.length === 0) {
          average = variables.map((v) => tf.keep(tf.clone(v)));
        } else {
          average = average.map((a, i) =>
            tf.tidy(() => {
              const next = tf.add(tf.mul(a, decay), tf.mul(variables[i]!, 1 - decay));
              a.dispose();
              return tf.keep(next);
            }),
          );
        }
        updates++;
      },
      evaluationWeights(inputs) {
        if (average.length === 0) return [];
        const variables = inputs.network('network').trainableVariables();
        check(variables);
        return variables.map((v, i) => [v, average[i]!] as [tf.Variable, tf.Tensor]);
      },
      getState(): NodeState {
        return { json: { updates }, tensors: Object.fromEntries(average.map((a, i) => [`w${i}`, a])) };
      },
      setState(state: NodeState) {
        const tensors = state.tensors ?? {};
        const count = Object.keys(tensors).length;
        const next: tf.Tensor[] = [];
        for (let i = 0; i < count; i++) {
          const t = tensors[`w${i}`];
          if (!t) throw new Error(`saved average is missing weight w${i} of ${count}`);
          next.push(tf.clone(t));
        }
        average.forEach((a) => a.dispose());
        average = next;
        const json = state.json as { updates?: unknown } | undefined;
        updates = typeof json?.updates === 'number' ? json.updates : 0;
      },
      dispose() {
        average.forEach((a) => a.dispose());
        average = [];
      },
    };
  },
});
