import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { intOption, oneOf, onePositional, parse } from '../args.js';
import { resolvePath } from '../context.js';
import { UserError } from '../errors.js';
import type { CliIO } from '../io.js';
import { BACKENDS, relativeTo, samplePngs } from '../setup.js';
import { openRun } from './open-run.js';

export const sampleHelp = `usage: ganvas sample <run-dir> --out <grid.png> [--n 64] [--seed S] [--node ID] [--backend ...]

Restores the latest checkpoint of a run and writes a grid of samples as PNG.

options:
  -o, --out <file>     PNG file to write (required)
  --n N                images in the grid (default: the preview node's count)
  --seed S             seed of the sample noise (default: fixed per run, as in training grids)
  --node ID            which core.preview node to render when the graph has several
  --backend auto|wasm|cpu|tensorflow   (default: auto)`;

const options = {
  out: { type: 'string', short: 'o' },
  n: { type: 'string' },
  seed: { type: 'string' },
  node: { type: 'string' },
  backend: { type: 'string' },
} as const;

export async function sampleCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse('sample', argv, options);
  if (values.help) {
    io.stdout.write(`${sampleHelp}\n`);
    return 0;
  }
  const dir = onePositional('sample', positionals, 'the run directory');
  if (!values.out) throw new UserError('ganvas sample: --out <grid.png> is required');
  const out = resolvePath(io, values.out);
  const n = intOption('n', values.n, 1);
  const seed = intOption('seed', values.seed);
  const backend = oneOf('backend', values.backend, BACKENDS) ?? 'auto';
  const { trainer } = await openRun(io, dir, backend, 'sample from');
  try {
    const previews = trainer.previews.map((p) => p.analyzed.doc.id);
    if (previews.length === 0) throw new UserError('the graph has no core.preview node: nothing to sample');
    const nodeId = values.node ?? previews[0]!;
    if (!previews.includes(nodeId)) {
      throw new UserError(`--node ${nodeId}: no preview node with that id; the graph has ${previews.join(', ')}`);
    }
    if (!values.node && previews.length > 1) {
      io.stderr.write(`note: rendering preview "${nodeId}"; others: ${previews.slice(1).join(', ')} (choose with --node)\n`);
    }
    const [{ batch, png }] = samplePngs(trainer.sample({ nodeId, ...(n !== undefined ? { n } : {}), ...(seed !== undefined ? { seed } : {}) })) as [
      ReturnType<typeof samplePngs>[number],
    ];
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, png);
    io.stdout.write(`wrote ${batch.n} samples of step ${trainer.step} to ${relativeTo(io, out)}\n`);
    return 0;
  } finally {
    trainer.dispose();
  }
}
