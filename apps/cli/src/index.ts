// The public API of @ganvas/cli: the command runner, for embedding and in-process tests.
export { main, overviewHelp } from './cli.js';
export type { CliIO, OutStream, LoadedRegistry } from './io.js';
export { UserError } from './errors.js';
export { locateJsonError } from './read-json.js';
export { Progress } from './progress.js';
