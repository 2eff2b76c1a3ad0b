// The public API of @ganvas/host-node: the Node host for ganvas (plug-in discovery, run
// directories, checkpoints on disk, PNG sample grids). Listed explicitly, by name.
export { discoverPlugins, checkManifest, resolveEntry } from './plugin-discovery.js';
export type { DiscoveredPackage, Discovery, DiscoveryProblem } from './plugin-discovery.js';
export { loadPlugins, createNodeRegistry } from './load-plugins.js';
export type { LoadPluginsOptions, LoadPluginsResult, PluginReport, LogFn } from './load-plugins.js';
export { nodeHost, createNodeHost } from './node-host.js';
export type { NodeHostOptions } from './node-host.js';
export { RunDir } from './run-dir.js';
export type { RunInfo, MetricsRecord } from './run-dir.js';
export {
  saveCheckpoint,
  latestCheckpointDir,
  loadCheckpointDir,
  listCheckpointSteps,
  stepDirName,
} from './checkpoint-files.js';
export { writeFileAtomic } from './fs-util.js';
export { encodePng, decodePng, crc32 } from './png.js';
export type { PngImage, PngChannels } from './png.js';
export { decodeImage } from './decode-image.js';
export { decodeJpeg, encodeJpeg } from './jpeg.js';
export { DataParallelGroup } from './data-parallel/group.js';
export type { DataParallelOptions, WorkerSetup, WorkerReport } from './data-parallel/group.js';
export { checkDataParallel, dataParallelProblems, DataParallelRefused } from './data-parallel/check.js';
export { SharedCollective, ReplicaAbort, allocateGroupMemory } from './data-parallel/shared-collective.js';
export type { GroupMemory } from './data-parallel/shared-collective.js';
