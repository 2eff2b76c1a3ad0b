import { evalCommand } from './commands/eval.js';
import { evalImagesCommand } from './commands/eval-images.js';
import { latentCommand } from './commands/latent.js';
import { nodesCommand } from './commands/nodes.js';
import { sampleCommand } from './commands/sample.js';
import { stylizeCommand } from './commands/stylize.js';
import { serveCommand } from './commands/serve.js';
import { trainCommand } from './commands/train.js';
import { translateCommand } from './commands/translate.js';
import { validateCommand } from './commands/validate.js';
import { ganvasVersion } from './context.js';
import { UserError, messageOf } from './errors.js';
import type { CliIO } from './io.js';

export const overviewHelp = `usage: ganvas <command> [options]

commands:
  validate <graph.json>               check a graph document and list its problems
  train <graph.json> --out <dir>      train a graph into a run directory (--resume to continue)
  sample <run-dir> --out <grid.png>   render samples from a run's latest checkpoint
  eval <run-dir>                      held-out losses (the VAE's negative ELBO) and sample quality
                                      (classifier coverage, cGAN label accuracy, Fréchet distance)
                                      or translator quality (StarGAN/CycleGAN attribute accuracy,
                                      reconstruction and cycle L1, Pix2Pix L1)
  eval-images <images.f32>            the same sample metrics for images made elsewhere (PyTorch)
  latent <tool> <run-dir> --out <png> latent grid, interpolation, vector arithmetic, class rows
  nodes [--json]                      list the installed node types
  stylize --content a --style b --out c.png   neural style transfer with VGG-19
  translate <run-dir> --in <img|dir> --out <dir> [--target 0,1,..]   run a trained Pix2Pix/CycleGAN/StarGAN
  serve [--port N] [--no-open]        start the local runner: the editor, live training runs

"ganvas <command> --help" shows a command's options. --debug (or GANVAS_DEBUG=1) shows
stack traces.`;

const commands: Record<string, (argv: string[], io: CliIO) => Promise<number>> = {
  validate: validateCommand,
  train: trainCommand,
  sample: sampleCommand,
  eval: evalCommand,
  'eval-images': evalImagesCommand,
  latent: latentCommand,
  nodes: nodesCommand,
  serve: serveCommand,
  stylize: stylizeCommand,
  translate: translateCommand,
};

/** Runs one command; returns the exit code. User errors are printed, never thrown. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const env = io.env ?? process.env;
  const debug = argv.includes('--debug') || env.GANVAS_DEBUG === '1';
  const ctx: CliIO = { ...io, env, debug };
  const [command, ...rest] = argv.filter((a, i) => i > 0 || a !== '--debug');
  if (command === undefined) {
    ctx.stderr.write(`${overviewHelp}\n`);
    return 1;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    ctx.stdout.write(`${overviewHelp}\n`);
    return 0;
  }
  if (command === '--version' || command === '-v') {
    ctx.stdout.write(`${ganvasVersion()}\n`);
    return 0;
  }
  const run = commands[command];
  if (!run) {
    ctx.stderr.write(`ganvas: unknown command "${command}"; commands: ${Object.keys(commands).join(', ')}\n`);
    return 1;
  }
  try {
    return await run(rest, ctx);
  } catch (e) {
    if (e instanceof UserError) {
      ctx.stderr.write(`error: ${e.message}\n`);
      for (const line of e.details) ctx.stderr.write(`  ${line}\n`);
      if (debug && e.stack) ctx.stderr.write(`${e.stack}\n`);
      return e.exitCode;
    }
    ctx.stderr.write(`error: ${messageOf(e)}\n`);
    ctx.stderr.write(debug && e instanceof Error && e.stack ? `${e.stack}\n` : '(run with --debug for the stack trace)\n');
    return 1;
  }
}
