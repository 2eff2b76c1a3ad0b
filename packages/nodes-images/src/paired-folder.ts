import * as tf from '@tensorflow/tfjs-core';
import { defineNode, type Dim, type ForwardContext } from '@ganvas/core';
import { z } from 'zod';
import { BatchOrder, orderStateHandlers } from '@ganvas/core';
import { cropRgb } from './folder/resize.js';
import { joinPath, listImages, loadAll } from './folder/files.js';
import { drawWindow, folderParamFields, prepare, storedSide } from './folder/folder-params.js';
import { writeWindow } from './folder/resize.js';
import { batchRows, imageContract } from './params.js';

/**
 * `images.pairedFolder`: pix2pix's data format — every file is A and B side by side (A left,
 * B right, equal widths), e.g. `facades/train/1.jpg`. Both halves get the same crop and flip.
 */
export const zPairedFolderParams = z.strictObject({
  folder: z.string().min(1).describe('Folder of side-by-side A|B images (.png/.jpg), e.g. "datasets/facades/train".'),
  direction: z.enum(['AtoB', 'BtoA']).default('AtoB').describe('AtoB: the left half is the input, the right the target; BtoA: the reverse.'),
  ...folderParamFields,
});
export type PairedFolderParams = z.infer<typeof zPairedFolderParams>;

function outputs(batch: Dim, size: Dim) {
  return { input: imageContract(batch, size, size), target: imageContract(batch, size, size) };
}

export const pairedFolder = defineNode({
  type: 'images.pairedFolder',
  version: 1,
  category: 'data',
  title: 'Paired image folder (A|B)',
  description: 'Pix2Pix data: a folder of images with A and B side by side; gives aligned input and target batches.',
  docs: 'Every image is loaded at build time through the host, split in two halves, resized and kept as bytes.',
  params: zPairedFolderParams,
  inputs: [],
  outputs: [
    { name: 'input', contract: outputs('B', 64).input, description: 'The condition x, [-1, 1].' },
    { name: 'target', contract: outputs('B', 64).target, description: 'The aligned target y, [-1, 1].' },
  ],
  infer: ({ params }) => ({ outputs: outputs(params.batch ?? 'B', params.size) }),
  // Draws the full batch's indices and crop windows as a one-worker run does and builds this worker's rows.
  dataParallel: 'shardAware',
  async build(ctx) {
    const p = ctx.params;
    const what = `images.pairedFolder (${p.folder})`;
    const files = (await listImages(ctx.host, p.folder, what)).map((n) => joinPath(p.folder, n));
    const { items } = await loadAll(ctx.host, files, p.onBadImage, what, (img) => {
      if (img.width % 2 !== 0) {
        throw new Error(`width ${img.width} is odd: an A|B image needs two halves of equal width side by side`);
      }
      const half = img.width / 2;
      const left = prepare(cropRgb(img, 0, 0, half, img.height), p);
      const right = prepare(cropRgb(img, half, 0, half, img.height), p);
      return p.direction === 'AtoB' ? { x: left, y: right } : { x: right, y: left };
    });
    const load = storedSide(p);
    const order = new BatchOrder(p.order, items.length, what);
    return {
      forward(_inputs, fctx: ForwardContext) {
        const { full, start, n } = batchRows(p.batch, fctx);
        const per = p.size * p.size * 3;
        const x = new Float32Array(n * per);
        const y = new Float32Array(n * per);
        order.next(full, fctx).forEach((index, i) => {
          const w = drawWindow(p, fctx);
          const row = i - start;
          // Another worker's row: its window was drawn only to keep the stream in step.
          if (row < 0 || row >= n) return;
          const item = items[index]!;
          writeWindow(item.x, load, p.size, w.x0, w.y0, w.flip, x, row);
          writeWindow(item.y, load, p.size, w.x0, w.y0, w.flip, y, row);
        });
        const shape: [number, number, number, number] = [n, p.size, p.size, 3];
        return { input: tf.tensor4d(x, shape, 'float32'), target: tf.tensor4d(y, shape, 'float32') };
      },
      ...orderStateHandlers({ order }),
    };
  },
});
