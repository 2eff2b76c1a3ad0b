import { z } from 'zod';
import { zRange, zRole, zShape, zDType } from './contract.js';
import { defineNode, type NodeDefinition } from './node-definition.js';

/**
 * Node types the engine itself gives meaning to: network boundaries, network instances and
 * their application, and sample previews. They are registered like any plug-in's nodes
 * (namespace `core`), but their ports depend on the network definition they refer to, which
 * only the engine can resolve; their `build` is never called through the generic path.
 */

const engineOnly = () => {
  throw new Error('core intrinsic nodes are built by the engine');
};

export const INPUT_TYPE = 'core.input';
export const OUTPUT_TYPE = 'core.output';
export const NETWORK_TYPE = 'core.network';
export const APPLY_TYPE = 'core.apply';
export const PREVIEW_TYPE = 'core.preview';

export const inputNode = defineNode({
  type: INPUT_TYPE,
  version: 1,
  category: 'network',
  title: 'Network input',
  description: 'An input of a network definition: the contract callers must meet.',
  params: z.object({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).default('x').describe('Port name seen by callers'),
    role: zRole.default('tensor'),
    dtype: zDType.default('float32'),
    shape: zShape.describe('Shape including the batch symbol, e.g. ["B", 100]'),
    range: zRange.optional(),
  }),
  inputs: [],
  outputs: [{ name: 'y', contract: { role: 'tensor' } }],
  build: engineOnly,
});

export const outputNode = defineNode({
  type: OUTPUT_TYPE,
  version: 1,
  category: 'network',
  title: 'Network output',
  description: 'An output of a network definition; its contract is whatever flows in.',
  params: z.object({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).default('y').describe('Port name seen by callers'),
  }),
  inputs: [{ name: 'x', contract: { role: 'tensor' } }],
  outputs: [],
  build: engineOnly,
});

export const networkNode = defineNode({
  type: NETWORK_TYPE,
  version: 1,
  category: 'network',
  title: 'Network',
  description:
    'Owns the weights of one instance of a network definition. Connect its `net` to Apply nodes (shared weights) and to optimizers.',
  params: z.object({
    definition: z.string().min(1).describe('Name of a network definition in the document'),
  }),
  inputs: [],
  outputs: [{ name: 'net', contract: { role: 'network' } }],
  build: engineOnly,
});

export const applyNode = defineNode({
  type: APPLY_TYPE,
  version: 1,
  category: 'network',
  title: 'Apply network',
  description:
    'Runs a network on inputs. Its other ports are the network’s inputs and outputs; several Apply nodes on one network share its weights.',
  params: z.object({}),
  inputs: [{ name: 'network', contract: { role: 'network' } }],
  outputs: [],
  build: engineOnly,
});

export const previewNode = defineNode({
  type: PREVIEW_TYPE,
  version: 1,
  category: 'output',
  title: 'Sample preview',
  description: 'Marks the images rendered as sample grids during training and by `ganvas sample`.',
  params: z.object({
    count: z.number().int().positive().default(64).describe('Images in the grid'),
    training: z.boolean().default(false).describe('Evaluate in training mode (batch-norm batch statistics)'),
  }),
  inputs: [{ name: 'image', contract: { role: 'image' } }],
  outputs: [],
  build: engineOnly,
});

export const intrinsicNodes: NodeDefinition<any>[] = [inputNode, outputNode, networkNode, applyNode, previewNode];
