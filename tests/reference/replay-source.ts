import * as tf from '@tensorflow/tfjs-core';
import { defineNode, formatShape, type Contract, type NodeDefinition } from '@ganvas/core';
import { z } from 'zod';

/** A source node that replays batches the test drew beforehand, and counts how many it gave. */
export interface ReplaySource {
  definition: NodeDefinition;
  /** Batches handed out since the last `load`. */
  drawn(): number;
  /** Replace the batches (each [B, ...dims], flattened) and restart from the first. */
  load(batches: Float32Array[]): void;
}

/**
 * A data source that gives the next of a fixed list of batches at every training evaluation,
 * in place of one that draws them (`data.gaussianNoise`, `data.mnist`), so that a reference
 * implementation can be fed exactly the same inputs step by step. It swaps into a document by
 * changing the node's type, keeping its edges: `port` must be the replaced node's output port.
 * Running out of batches, or an evaluation outside training (which would consume one), is an
 * error: the test then knows the trainer evaluated the source more often than it assumed.
 */
export function replaySource(spec: {
  type: string;
  port: string;
  /** The output's contract without its shape, which is [B, ...dims]. */
  contract: Omit<Contract, 'shape'>;
  dims: number[];
}): ReplaySource {
  let batches: Float32Array[] = [];
  let next = 0;
  const definition = defineNode({
    type: spec.type,
    version: 1,
    category: 'data',
    title: `Replayed ${spec.port}`,
    description: `Batches of "${spec.port}" supplied by the test, one per training evaluation.`,
    params: z.object({}),
    inputs: [],
    outputs: [{ name: spec.port, contract: { ...spec.contract, shape: ['B', ...spec.dims] }, description: 'The next supplied batch.' }],
    build() {
      return {
        forward(_inputs, fctx) {
          if (fctx.purpose !== 'train') throw new Error(`${spec.type}: evaluated for "${fctx.purpose}", which the test does not feed`);
          const values = batches[next];
          if (!values) throw new Error(`${spec.type}: evaluation ${next + 1}, but the test supplied ${batches.length} batches`);
          const shape = [fctx.batchSize, ...spec.dims];
          if (values.length !== shape.reduce((a, b) => a * b, 1)) {
            throw new Error(`${spec.type}: batch ${next} has ${values.length} values, not ${formatShape(shape)}`);
          }
          next++;
          return { [spec.port]: tf.tensor(values, shape, 'float32') };
        },
      };
    },
  });
  return {
    definition,
    drawn: () => next,
    load(list) {
      batches = list;
      next = 0;
    },
  };
}
