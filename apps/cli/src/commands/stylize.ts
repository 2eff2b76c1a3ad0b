import { mkdir, writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SampleBatch } from '@ganvas/core';
import { createNodeHost, encodePng } from '@ganvas/host-node';
import { CONVERSION_HINT, VGG19_LAYER_NAMES, openVggModel } from '@ganvas/nodes-style';
import { intOption, oneOf, parse } from '../args.js';
import { cliRoot, cwdOf, loadRegistry, resolvePath } from '../context.js';
import { UserError } from '../errors.js';
import type { CliIO } from '../io.js';
import { Progress } from '../progress.js';
import { BACKENDS, compileGraph, relativeTo, useBackend } from '../setup.js';

export const stylizeHelp = `usage: ganvas stylize --content <image> --style <image> --out <image.png> [options]
       ganvas stylize --list-layers [--weights <dir or model.json>]

Neural style transfer (Gatys et al.): runs templates/style-transfer.json with your images —
the output image is optimised so its VGG-19 features match the content image and its Gram
matrices match the style image. PNG or JPEG in, PNG out.

options:
  --content <file>          content image (PNG/JPEG)
  --style <file>            style image (PNG/JPEG)
  -o, --out <file.png>      result; intermediate images go next to it (<name>-step<N>.png)
  --size N                  square working size in pixels (default 256)
  --steps N                 optimisation steps (default 300)
  --content-weight a        α (default 1)
  --style-weight b          β (default 1000)
  --tv-weight g             total-variation weight (default 0)
  --lr r                    Adam learning rate, in [0,1] pixel units (default 0.02)
  --init content|noise      start from the content image (default) or white noise
  --every K                 write an intermediate image every K steps (default 50; 0: none)
  --weights <dir|model.json|url>  VGG-19 weights in the TensorFlow.js layers format
                            (default: $GANVAS_VGG19_WEIGHTS, else the template's models/vgg19)
  --backend auto|wasm|cpu|tensorflow
  --seed S                  seed (noise init)
  --list-layers             list the layers a weights file offers and exit

Weights: convert the Keras ImageNet VGG-19 once with tensorflowjs_converter (see the
style.vgg19 node docs: "ganvas nodes" or packages/nodes-style/README.md).`;

const options = {
  content: { type: 'string' },
  style: { type: 'string' },
  out: { type: 'string', short: 'o' },
  size: { type: 'string' },
  steps: { type: 'string' },
  'content-weight': { type: 'string' },
  'style-weight': { type: 'string' },
  'tv-weight': { type: 'string' },
  lr: { type: 'string' },
  init: { type: 'string' },
  every: { type: 'string' },
  weights: { type: 'string' },
  backend: { type: 'string' },
  seed: { type: 'string' },
  'list-layers': { type: 'boolean' },
} as const;

/** The template this command runs (the repository's templates/ folder). */
export const STYLE_TEMPLATE = path.resolve(cliRoot, '../../templates/style-transfer.json');

function numberOption(name: string, value: string | undefined, fallback: number, positive = false): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || (positive && n === 0)) {
    throw new UserError(`--${name} must be a ${positive ? 'positive' : 'non-negative'} number, got "${value}"`);
  }
  return n;
}

/** Where the weights are: the option, the environment, or the template's default. */
function weightsSource(io: CliIO, given: string | undefined, templateDefault: string): string {
  const env = (io.env ?? process.env).GANVAS_VGG19_WEIGHTS;
  if (given !== undefined) return /^https?:\/\//i.test(given) ? given : resolvePath(io, given);
  if (env) return /^https?:\/\//i.test(env) ? env : resolvePath(io, env);
  return path.resolve(path.dirname(STYLE_TEMPLATE), templateDefault);
}

interface NodeDocLike {
  id: string;
  type: string;
  params: Record<string, unknown>;
}

export async function stylizeCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse('stylize', argv, options);
  if (values.help) {
    io.stdout.write(`${stylizeHelp}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UserError(`ganvas stylize: unexpected argument "${positionals[0]}"`);
  let template: { nodes: NodeDocLike[]; training: Record<string, unknown> };
  try {
    template = JSON.parse(await readFile(STYLE_TEMPLATE, 'utf8'));
  } catch (e) {
    throw new UserError(`cannot read the style-transfer template ${STYLE_TEMPLATE}: ${(e as Error).message}`);
  }
  const byId = (id: string) => {
    const n = template.nodes.find((x) => x.id === id);
    if (!n) throw new UserError(`${STYLE_TEMPLATE} has no node "${id}" (was it edited?)`);
    return n;
  };
  const vgg = byId('vgg');
  const weights = weightsSource(io, values.weights, String(vgg.params['weights']));
  if (values['list-layers']) return listLayers(io, weights);
  for (const k of ['content', 'style', 'out'] as const) {
    if (!values[k]) throw new UserError(`ganvas stylize: --${k} is required`, ['usage: ganvas stylize --content a.jpg --style b.jpg --out c.png']);
  }
  const size = intOption('size', values.size, 16) ?? 256;
  const steps = intOption('steps', values.steps, 1) ?? 300;
  const every = intOption('every', values.every) ?? 50;
  const init = oneOf('init', values.init, ['content', 'noise'] as const) ?? 'content';
  const alpha = numberOption('content-weight', values['content-weight'], 1);
  const beta = numberOption('style-weight', values['style-weight'], 1000);
  const gamma = numberOption('tv-weight', values['tv-weight'], 0);
  const lr = numberOption('lr', values.lr, 0.02, true);
  const out = resolvePath(io, values.out!);
  if (!/\.png$/i.test(out)) throw new UserError(`--out must name a .png file, got "${values.out}"`);

  vgg.params['weights'] = weights;
  for (const [id, file] of [['content', values.content!], ['style', values.style!]] as const) {
    Object.assign(byId(id).params, { path: resolvePath(io, file), height: size, width: size });
  }
  Object.assign(byId('image').params, { height: size, width: size, init: init === 'content' ? 'input' : 'noise' });
  byId('total').params['weights'] = [alpha, beta, gamma];
  byId('opt').params['lr'] = lr;

  const loaded = await loadRegistry(io);
  const backend = await useBackend(oneOf('backend', values.backend, BACKENDS) ?? 'auto', io);
  const seed = intOption('seed', values.seed);
  const trainer = await compileGraph(template, loaded.registry, { ...(seed !== undefined ? { seed } : {}), graphDir: cwdOf(io), io });
  try {
    io.stdout.write(`stylizing ${size}×${size} for ${steps} steps on ${backend} (α ${alpha}, β ${beta}, TV ${gamma}, Adam lr ${lr})\n`);
    await mkdir(path.dirname(out), { recursive: true });
    const progress = new Progress(io.stderr, steps, 0);
    let stop = false;
    const unsubscribe = (io.onInterrupt ?? ((h: () => void) => (process.once('SIGINT', h), () => process.removeListener('SIGINT', h))))(() => {
      stop = true;
    });
    const t0 = Date.now();
    try {
      for (let s = 1; s <= steps && !stop; s++) {
        const e = await trainer.runStep();
        progress.update(e.step, e.losses);
        if (every > 0 && s % every === 0 && s < steps) {
          await writeImage(trainer.sample()[0]!, out.replace(/\.png$/i, `-step${s}.png`));
        }
        await new Promise((r) => setTimeout(r, 0));
      }
    } finally {
      unsubscribe();
      progress.finish();
    }
    await writeImage(trainer.sample()[0]!, out);
    const secs = (Date.now() - t0) / 1000;
    io.stdout.write(`wrote ${relativeTo(io, out)} after ${trainer.step} steps in ${secs.toFixed(1)}s (${((1000 * secs) / Math.max(1, trainer.step)).toFixed(0)} ms/step)\n`);
    return stop ? 130 : 0;
  } finally {
    trainer.dispose();
  }
}

/** The generated image as an 8-bit PNG, values clamped to [0, 1]. */
async function writeImage(batch: SampleBatch, file: string): Promise<void> {
  const { height, width, data } = batch;
  const px = new Uint8Array(height * width * 3);
  for (let i = 0; i < px.length; i++) px[i] = Math.round(255 * Math.min(1, Math.max(0, data[i]!)));
  await writeFile(file, encodePng(width, height, 3, px));
}

async function listLayers(io: CliIO, weights: string): Promise<number> {
  const host = createNodeHost({ log: () => undefined });
  let model;
  try {
    model = await openVggModel(host, weights);
  } catch (e) {
    throw new UserError((e as Error).message);
  }
  const known = new Set(VGG19_LAYER_NAMES);
  io.stdout.write(`${model.modelJson}: ${model.layers.length} layers (taps for style.vgg19 marked *)\n`);
  for (const l of model.layers) {
    const filters = typeof l.config['filters'] === 'number' ? ` ${l.config['filters']} filters` : '';
    io.stdout.write(`  ${known.has(l.name) ? '*' : ' '} ${l.name.padEnd(16)} ${l.className}${filters}\n`);
  }
  if (!model.layers.some((l) => known.has(l.name))) io.stdout.write(`no VGG-19 layers found; ${CONVERSION_HINT}\n`);
  return 0;
}
