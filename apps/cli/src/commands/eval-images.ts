import { readFile, writeFile } from 'node:fs/promises';
import { imageQuality } from '@ganvas/tools';
import { z } from 'zod';
import { oneOf, onePositional, parse } from '../args.js';
import { resolvePath } from '../context.js';
import { UserError, messageOf } from '../errors.js';
import type { CliIO } from '../io.js';
import { BACKENDS, relativeTo, useBackend } from '../setup.js';
import { classifierSummary, loadDigitMetrics, qualityLines } from './digit-metrics.js';

export const evalImagesHelp = `usage: ganvas eval-images <images.f32> [--range -1,1] [--labels labels.i32] [--out result.json] [--backend ...]

Measures a set of 28×28 greyscale digits made elsewhere — e.g. by the PyTorch reference
(bench/reference/dcgan_mnist.py --samples-out FILE) — with the same classifier and real
held-out digits as "ganvas eval", so Fréchet distances and coverage are comparable.

The file holds raw little-endian float32 values, N×28×28×1 (NHWC). A description next to it
(<file>.json: {"count", "height", "width", "channels", "range"}) is used when present.

options:
  --range LO,HI        value range of the images (default: from <file>.json, else -1,1)
  --labels FILE        raw little-endian int32 labels (conditional samples: label accuracy)
  -o, --out FILE       write the result as JSON (default: <file>.eval.json)
  --backend auto|wasm|cpu|tensorflow   (default: auto)`;

const options = {
  range: { type: 'string' },
  labels: { type: 'string' },
  out: { type: 'string', short: 'o' },
  backend: { type: 'string' },
} as const;

const zDescription = z.object({
  count: z.number().int().positive(),
  height: z.literal(28),
  width: z.literal(28),
  channels: z.literal(1),
  range: z.tuple([z.number(), z.number()]).optional(),
});

export async function evalImagesCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse('eval-images', argv, options);
  if (values.help) {
    io.stdout.write(`${evalImagesHelp}\n`);
    return 0;
  }
  const file = resolvePath(io, onePositional('eval-images', positionals, 'the image file'));
  const backend = oneOf('backend', values.backend, BACKENDS) ?? 'auto';
  const bytes = await readFile(file).catch((e: unknown) => {
    throw new UserError(`cannot read ${file}: ${messageOf(e)}`);
  });
  const description = await readDescription(`${file}.json`);
  if (bytes.byteLength % (784 * 4) !== 0) {
    throw new UserError(`${file}: ${bytes.byteLength} bytes are not whole 28×28 float32 images (3,136 bytes each)`);
  }
  const count = bytes.byteLength / (784 * 4);
  if (description && description.count !== count) {
    throw new UserError(`${file}: holds ${count} images but ${file}.json says ${description.count}`);
  }
  const images = new Float32Array(count * 784);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < images.length; i++) images[i] = view.getFloat32(i * 4, true);
  const range = values.range ? parseRange(values.range) : (description?.range ?? [-1, 1]);
  let labels: Int32Array | undefined;
  if (values.labels) {
    const lb = await readFile(resolvePath(io, values.labels)).catch((e: unknown) => {
      throw new UserError(`cannot read ${values.labels}: ${messageOf(e)}`);
    });
    if (lb.byteLength !== count * 4) throw new UserError(`${values.labels}: expected ${count} int32 labels (${count * 4} bytes), got ${lb.byteLength} bytes`);
    const lv = new DataView(lb.buffer, lb.byteOffset, lb.byteLength);
    labels = Int32Array.from({ length: count }, (_, i) => lv.getInt32(i * 4, true));
  }
  const bad = images.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new UserError(`${file}: value ${bad} (image ${Math.floor(bad / 784)}) is ${images[bad]}`);
  await useBackend(backend, io);
  const metrics = await loadDigitMetrics(io);
  try {
    const q = imageQuality(metrics.loaded.classifier, metrics.reference, images, count, range, labels);
    for (const line of qualityLines(q)) io.stdout.write(`${line}\n`);
    const out = resolvePath(io, values.out ?? `${file}.eval.json`);
    await writeFile(out, `${JSON.stringify({ images: file, range, ...q, classifier: classifierSummary(metrics) }, null, 2)}\n`);
    io.stdout.write(`wrote ${relativeTo(io, out)}\n`);
    return 0;
  } finally {
    metrics.loaded.classifier.dispose();
  }
}

function parseRange(text: string): [number, number] {
  const parts = text.split(',').map(Number);
  if (parts.length !== 2 || !parts.every(Number.isFinite) || parts[0]! >= parts[1]!) {
    throw new UserError(`--range must be LO,HI with LO < HI (e.g. -1,1), got "${text}"`);
  }
  return [parts[0]!, parts[1]!];
}

async function readDescription(file: string): Promise<z.infer<typeof zDescription> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file}: not JSON (${messageOf(e)})`);
  }
  const parsed = zDescription.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`${file}: "${issue.path.join('.')}": ${issue.message} (only 28×28×1 digits can be measured)`);
  }
  return parsed.data;
}
