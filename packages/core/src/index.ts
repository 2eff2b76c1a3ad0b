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
  WeightOptions,
  BuildContext,
  ForwardContext,
  Network,
  PhaseRef,
  Value,
  PortValues,
  NodeState,
  OptimizerImpl,
  NodeInstance,
  NodeDefinition,
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
export { buildTestNode, checkGradients, nullHost } from './testing.js';
export type { TestBuildOptions, TestNode, GradCheckResult } from './testing.js';
