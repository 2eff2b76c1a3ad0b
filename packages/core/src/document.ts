import { z } from 'zod';

/**
 * The graph document: what is saved, loaded, shared and run. JSON only, never code.
 * `schemaVersion` names the layout of this object; older layouts are migrated by
 * `migrateDocument` (see migrations.ts) before they are parsed with `zGraphDocument`.
 */
export const CURRENT_SCHEMA_VERSION = 2;
export const DOCUMENT_FORMAT = 'ganvas.graph';

const ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export const zPosition = z.object({ x: z.number(), y: z.number() });

export const zNodeDoc = z
  .object({
    /** Unique within its graph (top level, or one network definition). */
    id: z.string().regex(ID, 'ids start with a letter or _ and use letters, digits, _ and -'),
    /** Namespaced node type id, e.g. `layers.conv2d`. */
    type: z.string().min(1),
    /** The node type's version this node was saved with. */
    version: z.number().int().positive(),
    /** Shown instead of the id; also names phases in metrics. */
    label: z.string().optional(),
    params: z.record(z.string(), z.unknown()).default({}),
    /** Kept for the editor; ignored by the engine. */
    position: zPosition.default({ x: 0, y: 0 }),
  })
  .strict();
export type NodeDoc = z.infer<typeof zNodeDoc>;

export const zEdgeDoc = z
  .object({
    id: z.string().optional(),
    source: z.string(),
    sourcePort: z.string(),
    target: z.string(),
    targetPort: z.string(),
  })
  .strict();
export type EdgeDoc = z.infer<typeof zEdgeDoc>;

/** A network definition: a graph of layer nodes between `core.input` and `core.output` nodes. */
export const zNetworkDef = z
  .object({
    title: z.string().optional(),
    description: z.string().optional(),
    nodes: z.array(zNodeDoc),
    edges: z.array(zEdgeDoc),
  })
  .strict();
export type NetworkDef = z.infer<typeof zNetworkDef>;

export const zTrainingConfig = z
  .object({
    /** Default batch size of every source. */
    batchSize: z.number().int().positive().default(64),
    /** Default number of training steps. */
    steps: z.number().int().positive().default(1000),
    /** Seed of the run's random stream. */
    seed: z.number().int().nonnegative().default(0),
    /** Write sample grids every this many steps (0: only at the end). */
    sampleEvery: z.number().int().nonnegative().default(200),
    /** Write a checkpoint every this many steps (0: only at the end). */
    checkpointEvery: z.number().int().nonnegative().default(500),
  })
  .strict();
export type TrainingConfig = z.infer<typeof zTrainingConfig>;

export const zGraphDocument = z
  .object({
    format: z.literal(DOCUMENT_FORMAT),
    schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
    name: z.string().default('untitled'),
    description: z.string().default(''),
    training: zTrainingConfig.default(() => zTrainingConfig.parse({})),
    nodes: z.array(zNodeDoc),
    edges: z.array(zEdgeDoc),
    /** Reusable network definitions, opened by the editor and applied by `core.network` nodes. */
    networks: z.record(z.string().regex(ID), zNetworkDef).default({}),
  })
  .strict();
export type GraphDocument = z.infer<typeof zGraphDocument>;
