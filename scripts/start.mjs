#!/usr/bin/env node
// `pnpm start [-- serve options]`: build what the runner serves (every package and the editor,
// through turbo's cache), then run `ganvas serve` in the foreground. Its URL (with the token)
// is printed on a line of its own. Options go to `ganvas serve`, e.g.
//   pnpm start -- --no-open --port 8787
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
if (args[0] === '--') args.shift();

const turbo = path.join(root, 'node_modules', '.bin', 'turbo');
process.stderr.write('building (turbo run build, editor included)…\n');
const build = spawnSync(turbo, ['run', 'build', '--output-logs=errors-only'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
const cli = path.join(root, 'apps', 'cli', 'dist', 'main.js');
if (build.status !== 0) {
  // A broken package elsewhere (e.g. the editor mid-change) should not keep the runner down
  // if what it needs was built before; the page then says how to build the editor.
  process.stderr.write(`warning: the build failed (exit ${build.status ?? build.signal}); starting with what is built\n`);
  if (!existsSync(cli)) {
    process.stderr.write('error: the CLI is not built (apps/cli/dist/main.js); fix the build first\n');
    process.exit(1);
  }
}

const child = spawn(process.execPath, [cli, 'serve', ...args], { cwd: process.env.INIT_CWD ?? root, stdio: 'inherit' });
// Ctrl-C reaches the whole process group: let the runner stop its runs (checkpoints) and exit.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (signal === 'SIGTERM') child.kill('SIGTERM');
  });
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
