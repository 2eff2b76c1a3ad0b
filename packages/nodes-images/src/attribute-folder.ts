import * as tf from '@tensorflow/tfjs-core';
import { defineNode, type Dim, type ForwardContext } from '@ganvas/core';
import { z } from 'zod';
import { BatchOrder, orderStateHandlers } from '@ganvas/core';
import { parseAttributeList, selectColumns } from './folder/attr-list.js';
import { joinPath, loadAll } from './folder/files.js';
import { drawWindow, folderParamFields, prepare, storedSide } from './folder/folder-params.js';
import { writeWindow } from './folder/resize.js';
import { batchRows, imageContract, labelContract, zSplit } from './params.js';

/**
 * `images.attributeFolder`: an image folder with an attribute list in CelebA's
 * `list_attr_celeba.txt` format, for StarGAN. The label vector holds the selected attributes
 * (1 present, 0 absent) in the order given. The held-out split is the last `heldoutFraction`
 * of the listed images (StarGAN holds out CelebA's last 2,000).
 */
export const zAttributeFolderParams = z.strictObject({
  folder: z.string().min(1).describe('Folder of the images named in the attribute list, e.g. "datasets/celeba/images".'),
  attributeFile: z.string().min(1).describe('Attribute list in CelebA format, e.g. "datasets/celeba/list_attr_celeba.txt".'),
  select: z
    .array(z.string().min(1))
    .min(1)
    .default(['Black_Hair', 'Blond_Hair', 'Brown_Hair', 'Male', 'Young'])
    .describe('Attributes of the label vector, in order (default: StarGAN\'s CelebA selection).'),
  split: zSplit,
  heldoutFraction: z.number().min(0).max(0.9).default(0.1).describe('Fraction of the listed images, taken from the end, held out.'),
  limit: z.number().int().positive().optional().describe('Use only the first `limit` images of the list (memory); unset: all.'),
  ...folderParamFields,
});
export type AttributeFolderParams = z.infer<typeof zAttributeFolderParams>;

function outputs(batch: Dim, size: Dim, labels: Dim) {
  return { image: imageContract(batch, size, size), label: labelContract(batch, labels) };
}

export const attributeFolder = defineNode({
  type: 'images.attributeFolder',
  version: 1,
  category: 'data',
  title: 'Image folder with attributes (CelebA format)',
  description: 'StarGAN data: images with attribute labels from a list_attr_celeba.txt-style file.',
  params: zAttributeFolderParams,
  inputs: [],
  outputs: [
    { name: 'image', contract: outputs('B', 64, 5).image, description: 'RGB images in [-1, 1].' },
    { name: 'label', contract: outputs('B', 64, 5).label, description: 'Selected attributes (0/1), in `select` order.' },
  ],
  infer: ({ params }) => ({ outputs: outputs(params.batch ?? 'B', params.size, params.select.length) }),
  // Draws the full batch's indices and crop windows as a one-worker run does and builds this worker's rows.
  dataParallel: 'shardAware',
  async build(ctx) {
    const p = ctx.params;
    const what = `images.attributeFolder (${p.attributeFile})`;
    let text: string;
    try {
      text = new TextDecoder().decode(await ctx.host.readFile(p.attributeFile));
    } catch (e) {
      throw new Error(`${what}: cannot read the attribute list: ${(e as Error).message}`);
    }
    const list = parseAttributeList(text, p.attributeFile);
    const columns = selectColumns(list, p.select, p.attributeFile);
    const rows = list.rows.slice(0, p.limit ?? list.rows.length);
    const heldout = Math.round(rows.length * p.heldoutFraction);
    const part = p.split === 'train' ? rows.slice(0, rows.length - heldout) : rows.slice(rows.length - heldout);
    if (part.length === 0) {
      throw new Error(`${what}: the ${p.split} split is empty (${rows.length} images, heldoutFraction ${p.heldoutFraction})`);
    }
    const files = part.map((r) => joinPath(p.folder, r.file));
    const { items, kept } = await loadAll(ctx.host, files, p.onBadImage, what, (img) => prepare(img, p));
    const width = p.select.length;
    const labels = new Float32Array(kept.length * width);
    kept.forEach((i, slot) => columns.forEach((c, k) => (labels[slot * width + k] = part[i]!.values[c]!)));
    const side = storedSide(p);
    const order = new BatchOrder(p.order, items.length, what);
    return {
      forward(_inputs, fctx: ForwardContext) {
        const { full, start, n } = batchRows(p.batch, fctx);
        const image = new Float32Array(n * p.size * p.size * 3);
        const label = new Float32Array(n * width);
        order.next(full, fctx).forEach((index, i) => {
          const w = drawWindow(p, fctx);
          const row = i - start;
          // Another worker's row: its window was drawn only to keep the stream in step.
          if (row < 0 || row >= n) return;
          writeWindow(items[index]!, side, p.size, w.x0, w.y0, w.flip, image, row);
          label.set(labels.subarray(index * width, (index + 1) * width), row * width);
        });
        return { image: tf.tensor4d(image, [n, p.size, p.size, 3], 'float32'), label: tf.tensor2d(label, [n, width], 'float32') };
      },
      ...orderStateHandlers({ order }),
    };
  },
});
