import * as tf from '@tensorflow/tfjs-core';
import { defineNode, type Dim, type ForwardContext } from '@ganvas/core';
import { z } from 'zod';
import { BatchOrder, orderStateHandlers } from '@ganvas/core';
import { joinPath, listImages, loadAll } from './folder/files.js';
import { drawWindow, folderParamFields, prepare, storedSide } from './folder/folder-params.js';
import { writeWindow } from './folder/resize.js';
import { batchRows, imageContract } from './params.js';

/**
 * `images.unpairedFolders`: CycleGAN's data format — `<folder>/trainA`, `<folder>/trainB`
 * (and `testA`, `testB`), two image collections with no correspondence. Each domain has its
 * own batch order and its own crops and flips.
 */
export const zUnpairedFoldersParams = z.strictObject({
  folder: z.string().min(1).describe('Dataset folder holding trainA/, trainB/ (and testA/, testB/), e.g. "datasets/horse2zebra".'),
  subset: z.enum(['train', 'test']).default('train').describe('train reads trainA/ and trainB/; test reads testA/ and testB/.'),
  ...folderParamFields,
});
export type UnpairedFoldersParams = z.infer<typeof zUnpairedFoldersParams>;

function outputs(batch: Dim, size: Dim) {
  return { a: imageContract(batch, size, size), b: imageContract(batch, size, size) };
}

export const unpairedFolders = defineNode({
  type: 'images.unpairedFolders',
  version: 1,
  category: 'data',
  title: 'Unpaired image folders (A, B)',
  description: 'CycleGAN data: trainA/ and trainB/ folders of unrelated images; gives a batch of each domain.',
  params: zUnpairedFoldersParams,
  inputs: [],
  outputs: [
    { name: 'a', contract: outputs('B', 64).a, description: 'A batch of domain A (x), [-1, 1].' },
    { name: 'b', contract: outputs('B', 64).b, description: 'A batch of domain B (y), [-1, 1].' },
  ],
  infer: ({ params }) => ({ outputs: outputs(params.batch ?? 'B', params.size) }),
  // Draws the full batch's indices and crop windows as a one-worker run does and builds this worker's rows.
  dataParallel: 'shardAware',
  async build(ctx) {
    const p = ctx.params;
    const load = async (domain: 'A' | 'B') => {
      const dir = joinPath(p.folder, `${p.subset}${domain}`);
      const what = `images.unpairedFolders (${dir})`;
      const files = (await listImages(ctx.host, dir, what)).map((n) => joinPath(dir, n));
      const { items } = await loadAll(ctx.host, files, p.onBadImage, what, (img) => prepare(img, p));
      return { items, order: new BatchOrder(p.order, items.length, what) };
    };
    const a = await load('A');
    const b = await load('B');
    const side = storedSide(p);
    const draw = (d: typeof a, fctx: ForwardContext) => {
      const { full, start, n } = batchRows(p.batch, fctx);
      const out = new Float32Array(n * p.size * p.size * 3);
      d.order.next(full, fctx).forEach((index, i) => {
        const w = drawWindow(p, fctx);
        const row = i - start;
        // Another worker's row: its window was drawn only to keep the stream in step.
        if (row < 0 || row >= n) return;
        writeWindow(d.items[index]!, side, p.size, w.x0, w.y0, w.flip, out, row);
      });
      return tf.tensor4d(out, [n, p.size, p.size, 3], 'float32');
    };
    return {
      forward: (_inputs, fctx: ForwardContext) => ({ a: draw(a, fctx), b: draw(b, fctx) }),
      ...orderStateHandlers({ a: a.order, b: b.order }),
    };
  },
});
