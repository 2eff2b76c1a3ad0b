import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { NETWORK_TYPE, Rng, type Network, type Trainer } from '@ganvas/core';
import { decodeImage, encodePng } from '@ganvas/host-node';
import { centerSquare, resizeBilinear, type RgbImage } from '@ganvas/nodes-images';
import { oneOf, onePositional, parse } from '../args.js';
import { resolvePath } from '../context.js';
import { UserError, messageOf } from '../errors.js';
import type { CliIO } from '../io.js';
import { BACKENDS, relativeTo } from '../setup.js';
import { openRun } from './open-run.js';

export const translateHelp = `usage: ganvas translate <run-dir> --in <image or folder> --out <dir> [--target <labels>] [--net G]

Runs a trained image-to-image translator (Pix2Pix, CycleGAN, StarGAN run) on your images:
PNG or JPEG files, centre-cropped to a square and resized to the network's input size.
Writes <name>.png per input: the input and its translation side by side (with --target, one
translation per target).

The translator is the top-level core.network node "G" of the run's graph (the templates'
convention; CycleGAN's G maps A → B, its "F" maps B → A: --net F). Its image input gets the
images; a label input (StarGAN) gets the target labels.

options:
  --in <path>          an image file or a folder of them (required)
  -o, --out <dir>      folder for the results (required)
  --target <labels>    StarGAN: target label vectors, comma-separated 0/1 values per label,
                       several targets separated by ";" (e.g. "0,1,0,1;1,0,0,0")
  --net <id>           the network node to run (default: G)
  --backend auto|wasm|cpu|tensorflow   (default: auto)`;

const options = {
  in: { type: 'string' },
  out: { type: 'string', short: 'o' },
  target: { type: 'string' },
  net: { type: 'string' },
  backend: { type: 'string' },
} as const;

const IMAGE_EXT = /\.(png|jpe?g)$/i;

/** The translator network and its ports, by the "G" convention. */
export function findTranslator(trainer: Trainer, id: string): { net: Network; image: string; label?: { port: string; width: number }; output: string; size: [number, number, number] } {
  const node = trainer.top.nodes.get(id);
  if (!node?.network || node.analyzed.definition?.type !== NETWORK_TYPE) {
    const nets = [...trainer.top.nodes.values()].filter((n) => n.network).map((n) => n.analyzed.doc.id);
    throw new UserError(`the graph has no network node "${id}"; its network nodes are ${nets.join(', ') || '(none)'} (choose with --net)`);
  }
  const net = node.network;
  const sig = net.signature;
  const image = sig.inputs.find((p) => p.contract.role === 'image');
  const label = sig.inputs.find((p) => p.contract.role === 'label' || p.contract.role === 'onehot');
  const others = sig.inputs.filter((p) => p !== image && p !== label);
  const output = sig.outputs.find((p) => p.contract.role === 'image') ?? sig.outputs[0];
  if (!image || others.length > 0 || !output) {
    throw new UserError(
      `network "${id}" is not a translator: expected one image input, optionally one label input, and an image output; it has inputs [${sig.inputs.map((p) => `${p.name} (${p.contract.role})`).join(', ')}]`,
    );
  }
  const shape = image.contract.shape ?? [];
  const dims = shape.slice(1);
  if (dims.length !== 3 || !dims.every((d): d is number => typeof d === 'number') || dims[2] !== 3) {
    throw new UserError(`network "${id}" input "${image.name}" must be RGB images of a fixed size, got [${shape.join(', ')}]`);
  }
  const width = label?.contract.shape?.[1];
  const result: ReturnType<typeof findTranslator> = { net, image: image.name, output: output.name, size: dims as [number, number, number] };
  if (label) {
    if (typeof width !== 'number') throw new UserError(`network "${id}" label input "${label.name}" has no fixed width`);
    result.label = { port: label.name, width };
  }
  return result;
}

/** Target label rows from "--target a,b,c;d,e,f", each of `width` values. */
export function parseTargets(value: string | undefined, width: number | undefined): number[][] {
  if (width === undefined) {
    if (value !== undefined) throw new UserError('--target: this translator has no label input (it is not a StarGAN generator)');
    return [[]];
  }
  if (value === undefined) throw new UserError(`--target is required: the translator takes ${width} target labels, e.g. --target ${Array.from({ length: width }, (_, i) => (i === 0 ? 1 : 0)).join(',')}`);
  return value.split(';').map((row, r) => {
    const v = row.split(',').map((s) => Number(s.trim()));
    if (v.length !== width || v.some((x) => !Number.isFinite(x))) {
      throw new UserError(`--target: target ${r + 1} ("${row}") must be ${width} comma-separated numbers`);
    }
    return v;
  });
}

async function listInputs(p: string): Promise<string[]> {
  const s = await stat(p).catch(() => undefined);
  if (!s) throw new UserError(`--in ${p}: no such file or folder`);
  if (!s.isDirectory()) return [p];
  const files = (await readdir(p)).filter((f) => IMAGE_EXT.test(f)).sort();
  if (files.length === 0) throw new UserError(`--in ${p}: the folder has no .png/.jpg/.jpeg files`);
  return files.map((f) => path.join(p, f));
}

async function loadRgb(file: string, size: number): Promise<RgbImage> {
  let decoded;
  try {
    decoded = await decodeImage(await readFile(file), file);
  } catch (e) {
    throw new UserError(`cannot read image ${file}: ${messageOf(e)}`);
  }
  const { width, height, channels, pixels } = decoded;
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const a = channels === 4 ? pixels[i * 4 + 3]! / 255 : 1;
    for (let c = 0; c < 3; c++) {
      const v = channels === 1 ? pixels[i]! : pixels[i * channels + c]!;
      rgb[i * 3 + c] = Math.round(v * a + 255 * (1 - a));
    }
  }
  return resizeBilinear(centerSquare({ width, height, rgb }), size, size);
}

export async function translateCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse('translate', argv, options);
  if (values.help) {
    io.stdout.write(`${translateHelp}\n`);
    return 0;
  }
  const runDir = onePositional('translate', positionals, 'the run directory');
  if (!values.in) throw new UserError('ganvas translate: --in <image or folder> is required');
  if (!values.out) throw new UserError('ganvas translate: --out <dir> is required');
  const inputs = await listInputs(resolvePath(io, values.in));
  const out = resolvePath(io, values.out);
  const backend = oneOf('backend', values.backend, BACKENDS) ?? 'auto';
  const { trainer } = await openRun(io, runDir, backend, 'translate with');
  try {
    const t = findTranslator(trainer, values.net ?? 'G');
    const targets = parseTargets(values.target, t.label?.width);
    const [size] = t.size;
    await mkdir(out, { recursive: true });
    for (const file of inputs) {
      const img = await loadRgb(file, size);
      const row = tf.tidy(() => {
        const x = tf.sub(tf.mul(tf.tensor4d(img.rgb, [1, size, size, 3], 'float32'), 2 / 255), 1);
        const panels: tf.Tensor[] = [x];
        for (const target of targets) {
          const args: Record<string, tf.Tensor> = { [t.image]: x };
          if (t.label) args[t.label.port] = tf.tensor2d([target], [1, t.label.width]);
          const ctx = { training: false, rng: new Rng(0), batchSize: 1, step: trainer.step, purpose: 'sample' as const };
          const y = t.net.apply(args, ctx)[t.output];
          if (!y) throw new Error(`network produced no "${t.output}"`);
          panels.push(y);
        }
        // [-1, 1] → bytes, panels side by side.
        return tf.cast(tf.clipByValue(tf.round(tf.mul(tf.add(tf.concat(panels, 2), 1), 127.5)), 0, 255), 'int32');
      });
      const pixels = Uint8Array.from(row.dataSync());
      const width = row.shape[2]!;
      row.dispose();
      const name = `${path.basename(file).replace(IMAGE_EXT, '')}.png`;
      await writeFile(path.join(out, name), encodePng(width, size, 3, pixels));
      io.stdout.write(`${relativeTo(io, file)} -> ${relativeTo(io, path.join(out, name))}\n`);
    }
    io.stdout.write(`translated ${inputs.length} image(s) with "${values.net ?? 'G'}" at step ${trainer.step}\n`);
    return 0;
  } finally {
    trainer.dispose();
  }
}
