import type { z } from 'zod';
import { defineNode } from '@ganvas/core';
import type { InferResult, NodeDefinition, OptimizerImpl, PortSpec } from '@ganvas/core';
import { LR_DECAY_DOCS, zLrDecayParam } from './lrDecay.js';

/** The ports every optimizer node has: a loss in, the networks it updates, a phase out. */
export const optimizerInputs: PortSpec[] = [
  { name: 'loss', contract: { role: 'loss', shape: [] }, description: 'The scalar loss this phase minimises.' },
  {
    name: 'params',
    contract: { role: 'network' },
    multi: true,
    description: 'Networks whose trainable variables this phase updates.',
  },
];

export const phaseOutput: PortSpec = {
  name: 'phase',
  contract: { role: 'phase' },
  description: 'This training phase; connect it to a schedule (through modifiers such as clipWeights).',
};

/** An optimizer's own params with the shared `lrDecay` added. */
function withLrDecay<Shape extends z.ZodRawShape>(params: z.ZodObject<Shape>) {
  return params.extend({ lrDecay: zLrDecayParam });
}
export type WithLrDecay<Shape extends z.ZodRawShape> = ReturnType<typeof withLrDecay<Shape>>;

/**
 * Shared definition of the optimizer nodes; `make` builds the update rule from parsed params.
 * Every optimizer node gets the optional `lrDecay` param here (its own schema must not declare
 * one), and its docs end with the shared paragraph on it.
 */
export function defineOptimizerNode<Shape extends z.ZodRawShape>(spec: {
  type: string;
  title: string;
  description: string;
  docs: string;
  params: z.ZodObject<Shape>;
  /** Extra param checks; messages say what is wrong and what to do. */
  check?: (params: z.output<WithLrDecay<Shape>>) => string[];
  make: (params: z.output<WithLrDecay<Shape>>, owner: string) => OptimizerImpl;
}): NodeDefinition<z.output<WithLrDecay<Shape>>> {
  const params = withLrDecay(spec.params);
  return defineNode({
    type: spec.type,
    version: 1,
    category: 'optimizer',
    title: spec.title,
    description: spec.description,
    docs: `${spec.docs}\n\n${LR_DECAY_DOCS}`,
    params,
    inputs: optimizerInputs,
    outputs: [phaseOutput],
    infer(ctx): InferResult {
      const errors: { port?: string; message: string }[] = [];
      const params = ctx.inputs['params'];
      const count = params === undefined ? 0 : Array.isArray(params) ? params.length : 1;
      if (count === 0) {
        errors.push({ port: 'params', message: 'connect at least one network to "params": the optimizer has nothing to update' });
      }
      for (const message of spec.check?.(ctx.params) ?? []) errors.push({ message });
      return errors.length > 0 ? { errors } : { outputs: ctx.declaredOutputs };
    },
    build(ctx) {
      const optimizer = spec.make(ctx.params, `node ${ctx.nodeId} (${spec.type})`);
      return { optimizer, dispose: () => optimizer.dispose() };
    },
  });
}
