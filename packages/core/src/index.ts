// The public API of @ganvas/core. Everything a host or plug-in may use is listed here, by name.
export {
  zRole,
  zDim,
  zShape,
  zDType,
  zRange,
  zContract,
  NON_TENSOR_ROLES,
  formatShape,
  isSymbol,
  substitute,
  unifyShape,
  dimsCompatible,
  rolesCompatible,
  sizeOf,
} from './contract.js';
export type { Role, Dim, Shape, DType, Range, Contract, NetworkSignature, Bindings } from './contract.js';
export { Rng } from './rng.js';
export type { RngState } from './rng.js';
export * as init from './initializers.js';
export type { Initializer } from './initializers.js';
export { defineNode } from './node-definition.js';
export type {
  Category,
  PortSpec,
  ParamMigration,
  InferContext,
  InferResult,
  Host,
  DecodedImage,
  WeightOptions,
  BuildContext,
  ForwardContext,
  Network,
  PhaseRef,
  Value,
  PortValues,
  NodeState,
  OptimizerImpl,
  UpdateContext,
  NodeInstance,
  NodeDefinition,
  LintHints,
  DataParallelDecision,
  PluginModule,
} from './node-definition.js';
export { PortValueMap, isNetwork, isTensor } from './port-values.js';
export {
  CURRENT_SCHEMA_VERSION,
  DOCUMENT_FORMAT,
  zPosition,
  zNodeDoc,
  zEdgeDoc,
  zNetworkDef,
  zTrainingConfig,
  zGraphDocument,
} from './document.js';
export type { NodeDoc, EdgeDoc, NetworkDef, TrainingConfig, GraphDocument } from './document.js';
export { buildTestNode, checkGradients, checkPluginPackage, nullHost } from './testing.js';
export { standIns, registerStandIns } from './stand-ins.js';
export type { TestBuildOptions, TestNode, GradCheckResult, PackageCheck } from './testing.js';
export { DIAGNOSTIC_CODES, formatPath, formatDiagnostic, hasErrors } from './diagnostics.js';
export type { Diagnostic, DiagnosticCode, JsonPath } from './diagnostics.js';
export { DOCUMENT_MIGRATIONS, migrateDocument } from './migrations.js';
export type { DocumentMigration, MigrationResult } from './migrations.js';
export { Registry, RegistryError, zPluginManifest, describeNodeTypes } from './registry.js';
export type { PluginManifest, RegisteredNode, PluginLoadReport, NodeTypeDescription } from './registry.js';
export {
  intrinsicNodes,
  INPUT_TYPE,
  OUTPUT_TYPE,
  NETWORK_TYPE,
  APPLY_TYPE,
  PREVIEW_TYPE,
} from './intrinsics.js';
export { analyze, contractProblem } from './analyze.js';
export type { Analysis, AnalyzedScope, AnalyzedNode } from './analyze.js';
export { parseDocument, validateDocument } from './load.js';
export type { ParseResult, ValidationResult } from './load.js';
export { compile, Trainer, CompileError, StepError } from './trainer.js';
export type { Phase, StepEvent, SampleBatch, TrainerEvents, CompileOptions } from './trainer.js';
export { BuildError, NodeFailure } from './runtime.js';
export { shardRange, shardRows, drawForShard, replicaMean, gatherRows, GroupAbort } from './data-parallel.js';
export type { Collective, Shard, Replica, DataParallelSupport, DataParallelQuery } from './data-parallel.js';
export { encodeCheckpoint, decodeCheckpoint } from './checkpoint.js';
export type { Checkpoint, CheckpointMeta, CheckpointTensor, EncodedCheckpoint } from './checkpoint.js';
export { Emitter } from './events.js';
export { BatchOrder, zBatchOrder, orderStateHandlers } from './batch-order.js';
export type { BatchOrderKind } from './batch-order.js';
export { sampleGrid } from './image-grid.js';
export type { ImageGrid, GridOptions } from './image-grid.js';

import { intrinsicNodes } from './intrinsics.js';
import { Registry } from './registry.js';

/** A registry holding the engine's own `core.*` node types; hosts add plug-ins to it. */
export function createRegistry(): Registry {
  const registry = new Registry();
  registry.registerPlugin('@ganvas/core', { apiVersion: 1, namespace: 'core', entry: '(built in)' }, { nodes: intrinsicNodes });
  return registry;
}
