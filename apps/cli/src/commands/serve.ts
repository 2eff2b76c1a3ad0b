import { spawn } from 'node:child_process';
import { startRunner } from '@ganvas/runner';
import { intOption, parse } from '../args.js';
import { cliRoot, cwdOf, resolvePath } from '../context.js';
import { UserError } from '../errors.js';
import { processInterrupt, type CliIO } from '../io.js';
import { relativeTo } from '../setup.js';

export const serveHelp = `usage: ganvas serve [--port N] [--host 127.0.0.1] [--no-open] [--runs-dir runs] [--workers N]

Starts the local runner: the editor, the node catalogue, validation and training runs
(streamed over a WebSocket). Every request needs the token in the printed URL; opening
that URL once sets a cookie in the browser.

options:
  --port N               port (default 8787; 0 picks a free one)
  --host H               interface to bind (default 127.0.0.1: this machine only)
  --no-open              do not open the browser
  --runs-dir DIR         where run directories go (default: runs)
  --workers N            train each run data-parallel on N threads, as ganvas train
                         --workers (default 1; 2 on a 2-core machine pays for convnets).
                         A graph that cannot be split trains on one thread, with a
                         warning. Split runs step whole steps only, not one phase
                         at a time
  --allow-origin URL     also accept requests from this exact origin (e.g. a Vite dev
                         server, http://localhost:5173); repeatable

Ctrl-C stops the runs (each writes a checkpoint) and the server.`;

const options = {
  port: { type: 'string' },
  host: { type: 'string' },
  'no-open': { type: 'boolean' },
  'runs-dir': { type: 'string' },
  workers: { type: 'string' },
  'allow-origin': { type: 'string', multiple: true },
} as const;

/** Opens the URL in a browser when `xdg-open` exists; any failure is ignored (the URL is printed). */
function openBrowser(url: string): void {
  try {
    const child = spawn('xdg-open', [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser to open: the printed URL is enough.
  }
}

export async function serveCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse('serve', argv, options as unknown as Record<string, { type: 'string' | 'boolean' }>);
  if (values.help) {
    io.stdout.write(`${serveHelp}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UserError(`ganvas serve: unexpected argument "${positionals[0]}"`);
  const port = intOption('port', values.port as string | undefined) ?? 8787;
  if (port > 65535) throw new UserError(`--port must be at most 65535, got ${port}`);
  const runsDir = resolvePath(io, (values['runs-dir'] as string | undefined) ?? 'runs');
  const workers = intOption('workers', values.workers as string | undefined, 1) ?? 1;
  const origins = (values['allow-origin'] as unknown as string[] | undefined) ?? [];
  for (const o of origins) {
    if (!/^https?:\/\/[^/]+$/.test(o)) throw new UserError(`--allow-origin must be an origin like http://localhost:5173, got "${o}"`);
  }
  let runner;
  try {
    runner = await startRunner({
      port,
      host: (values.host as string | undefined) ?? '127.0.0.1',
      runsDir,
      searchDirs: [cliRoot, cwdOf(io)],
      graphDir: cwdOf(io),
      workers,
      ...(origins.length ? { allowOrigins: origins.map((o) => o.toLowerCase()) } : {}),
      log: (line) => io.stderr.write(`${line}\n`),
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UserError(`port ${port} is in use; choose another with --port (0 picks a free one)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UserError(`cannot bind ${values.host as string}: no such interface`);
    throw e;
  }
  io.stdout.write(`ganvas runner listening on port ${runner.port}; runs go to ${relativeTo(io, runsDir)}\nopen the editor at:\n`);
  // The URL alone on its line, so scripts (and pnpm start) can pick it up.
  io.stdout.write(`${runner.url}\n`);
  if (!values['no-open']) openBrowser(runner.url);
  await new Promise<void>((resolve) => {
    const offInt = (io.onInterrupt ?? processInterrupt)(() => resolve());
    const onTerm = () => resolve();
    if (!io.onInterrupt) process.once('SIGTERM', onTerm);
    runner.server.once('close', () => {
      offInt();
      process.removeListener('SIGTERM', onTerm);
    });
  });
  io.stderr.write('stopping: runs write their checkpoints…\n');
  await runner.close();
  io.stderr.write('runner stopped\n');
  return 0;
}
