import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sampleGrid, type Registry, type Trainer } from '@ganvas/core';
import { createNodeHost, encodePng } from '@ganvas/host-node';
import {
  asSampleBatch,
  betweenImages,
  classGrid,
  drawLatents,
  findAutoencoder,
  generate,
  interpolate,
  latentArithmetic,
  type Generator,
  type Images,
} from '@ganvas/tools';
import { intOption, oneOf, onePositional, parse } from '../args.js';
import { resolvePath } from '../context.js';
import { UserError, messageOf } from '../errors.js';
import type { CliIO } from '../io.js';
import { BACKENDS, relativeTo } from '../setup.js';
import { generatorOf, openRun } from './open-run.js';
import { buildSource, readExamples, splitSize } from './translator-data.js';

export const latentHelp = `usage: ganvas latent <grid|interpolate|arithmetic|classes|between> <run-dir> --out <file.png> [options]

Latent-space tools on a run's latest checkpoint. The generator is the network whose output the
graph's core.preview shows; its latent input must come from data.gaussianNoise (or
data.uniformNoise), and a one-hot/label input makes it conditional (cGAN). Images are made in
inference mode (batch norm with running statistics).

Latents are numbered: "--seed S --n N" draws N latents from the run's noise distribution, and
latent i of that grid is the same for any N > i. "ganvas latent grid" shows such a grid, tiles
numbered row by row from 0, so you can pick latents by index for the other tools.

  grid <run-dir> --out grid.png [--seed 0] [--n 64]
      the numbered grid of latents to choose from
  interpolate <run-dir> --out strip.png [--steps 10] [--seed-a 1] [--seed-b 2]
              [--index-a 0] [--index-b 0] [--slerp]
      a strip from G(a) to G(b), a = latent index-a of seed-a's grid, b likewise; straight
      line (default) or spherical (--slerp, keeps the typical norm of Gaussian latents)
  arithmetic <run-dir> --out arith.png --seed S --a I,J,.. --b I,J,.. --c I,J,.. [--n 64]
             [--variations 4] [--noise 0.25]
      vector arithmetic on averaged latents: mean(A) − mean(B) + mean(C) (Radford et al.'s
      "man with glasses − man + woman"). Pick 1–5 indices per set from "latent grid --seed S"
      showing the same concept (e.g. A: thick 7s, B: thin 7s, C: thin 1s). Rows: each set
      and its mean's image, then the result and noisy variations.
  classes <run-dir> --out classes.png [--per-class 10] [--seed 0]
      conditional generators: one row per class (0, 1, …), the same latent down each column
  between <run-dir> --out strip.png [--a 0] [--b 1] [--steps 8] [--split heldout] [--slerp]
      autoencoders (AE, VAE): from real image a to real image b through code space. a and b are
      indices into a split of the data source that feeds the encoder; the strip is a, the
      decoder on codes from code(a) to code(b) (its ends are the reconstructions), then b.
      The VAE's code is its mean, not a sample.

options for all:
  --label K            class for conditional generators in grid/interpolate/arithmetic (default 0)
  --node ID            which core.preview's generator, when the graph has several
  --backend auto|wasm|cpu|tensorflow   (default: auto)`;

const options = {
  out: { type: 'string', short: 'o' },
  seed: { type: 'string' },
  n: { type: 'string' },
  steps: { type: 'string' },
  'seed-a': { type: 'string' },
  'seed-b': { type: 'string' },
  'index-a': { type: 'string' },
  'index-b': { type: 'string' },
  slerp: { type: 'boolean' },
  a: { type: 'string' },
  b: { type: 'string' },
  c: { type: 'string' },
  variations: { type: 'string' },
  noise: { type: 'string' },
  'per-class': { type: 'string' },
  split: { type: 'string' },
  label: { type: 'string' },
  node: { type: 'string' },
  backend: { type: 'string' },
} as const;

type Values = ReturnType<typeof parse<typeof options>>['values'];
const TOOLS = ['grid', 'interpolate', 'arithmetic', 'classes', 'between'] as const;
type Tool = Exclude<(typeof TOOLS)[number], 'between'>;

export async function latentCommand(argv: string[], io: CliIO): Promise<number> {
  const [tool, ...rest] = argv;
  if (tool === undefined || tool === '--help' || tool === '-h') {
    (tool ? io.stdout : io.stderr).write(`${latentHelp}\n`);
    return tool ? 0 : 1;
  }
  if (!(TOOLS as readonly string[]).includes(tool)) {
    throw new UserError(`ganvas latent: unknown tool "${tool}"; tools: ${TOOLS.join(', ')}`, ['run "ganvas latent --help" for usage']);
  }
  const { values, positionals } = parse(`latent ${tool}`, rest, options);
  if (values.help) {
    io.stdout.write(`${latentHelp}\n`);
    return 0;
  }
  const dir = onePositional(`latent ${tool}`, positionals, 'the run directory');
  if (!values.out) throw new UserError(`ganvas latent ${tool}: --out <file.png> is required`);
  const out = resolvePath(io, values.out);
  const backend = oneOf('backend', values.backend, BACKENDS) ?? 'auto';
  const { trainer, registry, graphDir } = await openRun(io, dir, backend, 'open');
  try {
    if (tool === 'between') {
      const { images, columns, lines } = await between(io, trainer, registry, values, graphDir);
      for (const line of lines) io.stdout.write(`${line}\n`);
      await writeGrid(io, out, images, columns, tool, trainer.step);
      return 0;
    }
    const gen = generatorOrHint(trainer, values.node);
    const label = intOption('label', values.label);
    if (label !== undefined && !gen.label) throw new UserError(`--label: generator "${gen.network.name}" is not conditional (it has no one-hot/label input)`);
    if (gen.label && label !== undefined && label >= gen.label.classes) throw new UserError(`--label ${label}: the generator has classes 0..${gen.label.classes - 1}`);
    const { images, columns, lines } = runTool(tool as Tool, gen, values, label);
    for (const line of lines) io.stdout.write(`${line}\n`);
    await writeGrid(io, out, images, columns, tool, trainer.step);
    return 0;
  } finally {
    trainer.dispose();
  }
}

/** The generator; for an autoencoder graph (no sampling preview), a pointer to "latent between". */
function generatorOrHint(trainer: Trainer, previewId: string | undefined): Generator {
  try {
    return generatorOf(trainer, previewId);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    try {
      findAutoencoder(trainer);
    } catch {
      throw e;
    }
    throw new UserError(e.message, ['this graph is an autoencoder: "ganvas latent between" walks between the codes of two real images']);
  }
}

async function writeGrid(io: CliIO, out: string, images: Images, columns: number, what: string, step: number): Promise<void> {
  const grid = sampleGrid(asSampleBatch(images, what, step), columns);
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, encodePng(grid.width, grid.height, grid.channels, grid.pixels));
  io.stdout.write(`wrote ${relativeTo(io, out)} (${images.n} images of step ${step})\n`);
}

/** `latent between`: two real images of the encoder's data source, and the decoded path between their codes. */
async function between(io: CliIO, trainer: Trainer, registry: Registry, v: Values, graphDir: string): Promise<{ images: Images; columns: number; lines: string[] }> {
  let ae;
  try {
    ae = findAutoencoder(trainer);
  } catch (e) {
    throw new UserError(`latent between: ${messageOf(e)}`, ['"latent between" is for autoencoders (ae-mnist.json, vae-mnist.json); GANs have no encoder: use "latent interpolate"']);
  }
  const indexOf = (k: 'a' | 'b', fallback: number) => {
    const text = v[k];
    if (text === undefined) return fallback;
    const i = Number(text);
    if (!Number.isInteger(i) || i < 0) throw new UserError(`--${k} must be an image index (0, 1, …), got "${text}"`);
    return i;
  };
  const a = indexOf('a', 0);
  const b = indexOf('b', 1);
  const steps = intOption('steps', v.steps, 2) ?? 8;
  const split = v.split ?? 'heldout';
  const node = trainer.top.nodes.get(ae.source.node)!.analyzed.doc;
  const host = createNodeHost({ baseDir: graphDir, log: (_level, message) => io.stderr.write(`${message}\n`) });
  const source = await buildSource(registry, host, { id: node.id, type: node.type, params: node.params ?? {} }, { split, order: 'sequential' });
  let pair: Float32Array[];
  try {
    const size = splitSize(source);
    const need = Math.max(a, b) + 1;
    if (size !== undefined && need > size) throw new UserError(`--a ${a} --b ${b}: the ${split} split of "${node.id}" has images 0..${size - 1}`);
    const ex = readExamples(source, node.id, need, [ae.source.port]);
    const values = ex.ports[ae.source.port]!.values;
    const per = values.length / need;
    pair = [values.slice(a * per, (a + 1) * per), values.slice(b * per, (b + 1) * per)];
  } finally {
    source.dispose?.();
  }
  const mode = v.slerp ? 'slerp' : 'linear';
  let images: Images;
  try {
    images = betweenImages(ae, pair[0]!, pair[1]!, { steps, mode });
  } catch (e) {
    throw new UserError(`latent between: ${messageOf(e)}`);
  }
  return {
    images,
    columns: images.n,
    lines: [
      `${mode} path in ${steps} codes from ${split} image ${a} to ${split} image ${b} of "${node.id}": encoder "${ae.encoder.network.name}" ("${ae.encoder.code}"), decoder "${ae.decoder.network.name}"`,
      'columns: image a, its reconstruction, …, the reconstruction of b, image b',
    ],
  };
}

function runTool(tool: Tool, gen: Generator, v: Values, label: number | undefined): { images: Images; columns: number; lines: string[] } {
  const seed = intOption('seed', v.seed) ?? 0;
  const wrap = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      throw new UserError(`latent ${tool}: ${messageOf(e)}`);
    }
  };
  switch (tool) {
    case 'grid': {
      const n = intOption('n', v.n, 1) ?? 64;
      const labels = gen.label ? new Array<number>(n).fill(label ?? 0) : undefined;
      const images = wrap(() => generate(gen, drawLatents(gen, n, seed), labels));
      const columns = Math.ceil(Math.sqrt(n));
      return { images, columns, lines: [`latents 0..${n - 1} of seed ${seed}, ${columns} per row (row r, column c is index ${columns}·r + c)`] };
    }
    case 'interpolate': {
      const steps = intOption('steps', v.steps, 2) ?? 10;
      const a = { seed: intOption('seed-a', v['seed-a']) ?? 1, index: intOption('index-a', v['index-a']) ?? 0 };
      const b = { seed: intOption('seed-b', v['seed-b']) ?? 2, index: intOption('index-b', v['index-b']) ?? 0 };
      const mode = v.slerp ? 'slerp' : 'linear';
      const images = wrap(() => interpolate(gen, { a, b, steps, mode, ...(label !== undefined ? { label } : {}) }));
      return { images, columns: steps, lines: [`${mode} interpolation in ${steps} steps from latent ${a.index} of seed ${a.seed} to latent ${b.index} of seed ${b.seed}`] };
    }
    case 'arithmetic': {
      const n = intOption('n', v.n, 1) ?? 64;
      if (v.seed === undefined) throw new UserError('latent arithmetic: --seed S is required (the grid the indices point into; see "ganvas latent grid")');
      const sets = (['a', 'b', 'c'] as const).map((k) => {
        const text = v[k];
        if (!text) throw new UserError(`latent arithmetic: --${k} is required: indices into the grid of seed ${seed}, e.g. --${k} 3,12,40`);
        const indices = text.split(',').map((s) => Number(s.trim()));
        if (indices.some((i) => !Number.isInteger(i) || i < 0)) throw new UserError(`--${k} must be a comma-separated list of indices, got "${text}"`);
        return indices;
      });
      const noise = v.noise === undefined ? 0.25 : Number(v.noise);
      if (!(noise >= 0)) throw new UserError(`--noise must be a non-negative number, got "${v.noise}"`);
      const res = wrap(() =>
        latentArithmetic(gen, {
          seed,
          gridSize: n,
          terms: [
            { weight: 1, indices: sets[0]!, name: 'A' },
            { weight: -1, indices: sets[1]!, name: 'B' },
            { weight: 1, indices: sets[2]!, name: 'C' },
          ],
          variations: intOption('variations', v.variations) ?? 4,
          noiseStd: noise,
          ...(label !== undefined ? { label } : {}),
        }),
      );
      return { images: res, columns: res.columns, lines: ['rows:', ...res.rows.map((r, i) => `  ${i + 1}. ${r}`)] };
    }
    case 'classes': {
      const perClass = intOption('per-class', v['per-class'], 1) ?? 10;
      const images = wrap(() => classGrid(gen, { perClass, seed }));
      return { images, columns: perClass, lines: [`one row per class 0..${gen.label!.classes - 1}, ${perClass} latents of seed ${seed} (same latent down each column)`] };
    }
  }
}
