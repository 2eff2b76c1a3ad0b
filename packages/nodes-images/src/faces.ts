import * as tf from '@tensorflow/tfjs-core';
import { defineNode, type Dim, type ForwardContext } from '@ganvas/core';
import { z } from 'zod';
import { BatchOrder, orderStateHandlers } from '@ganvas/core';
import { cachedFace, faceKey, putFace } from './faces/face-cache.js';
import { BINARY_ATTRIBUTES, HAIR_COLOURS, faceAttributes, writeFaceLabels, type FaceAttributes } from './faces/face-attributes.js';
import { batchRows, imageContract, labelContract, zBatch, zSplit, type Split } from './params.js';
import { zBatchOrder } from '@ganvas/core';

/**
 * `images.faces`: CelebA-like cartoon faces with attribute labels, for StarGAN's hair-colour /
 * gender / age translations. Faces are drawn by facesjs and rasterised by resvg (Node only:
 * resvg is a native addon), deterministically from `seed` and the index, rendered once per
 * process and cached in memory (optionally on disk too).
 */
export const zFacesParams = z.strictObject({
  size: z.literal([32, 64, 128]).default(64).describe('Image side in pixels (the head, framed square).'),
  split: zSplit,
  seed: z.number().int().nonnegative().default(0).describe("Seed of the dataset's content: the same seed gives the same faces."),
  trainCount: z.number().int().positive().default(1000).describe('Faces in the training split.'),
  heldoutCount: z.number().int().positive().default(200).describe('Faces in the held-out split.'),
  hairColours: z
    .array(z.enum(HAIR_COLOURS))
    .min(2)
    .default(['black', 'blond', 'brown'])
    .refine((a) => new Set(a).size === a.length, 'hair colours must not repeat')
    .describe('Hair colours faces are drawn with (uniformly), in label order: the first entries of the label vector, one-hot.'),
  attributes: z
    .array(z.enum(BINARY_ATTRIBUTES))
    .default(['male', 'young'])
    .refine((a) => new Set(a).size === a.length, 'attributes must not repeat')
    .describe('Binary attributes after the hair one-hot, in order (CelebA: Male, Young, Eyeglasses). Faces are drawn the same either way.'),
  order: zBatchOrder,
  batch: zBatch,
  cacheDir: z
    .string()
    .default('')
    .describe('Folder for a disk cache of rendered splits (e.g. ".cache/faces"); empty: memory only.'),
});
export type FacesParams = z.infer<typeof zFacesParams>;

function outputs(batch: Dim, p: Pick<FacesParams, 'size' | 'hairColours' | 'attributes'>) {
  return { image: imageContract(batch, p.size, p.size), label: labelContract(batch, p.hairColours.length + p.attributes.length) };
}

/** Names of the label vector's entries, in order (for docs, samples and classifiers). */
export function faceLabelNames(p: Pick<FacesParams, 'hairColours' | 'attributes'>): string[] {
  return [...p.hairColours.map((h) => `${h}_hair`), ...p.attributes];
}

const declared = outputs('B', zFacesParams.parse({}));

export const faces = defineNode({
  type: 'images.faces',
  version: 1,
  category: 'data',
  title: 'Cartoon faces (attributes)',
  description: 'CelebA-like cartoon faces (facesjs + resvg) with hair colour, gender, age and glasses labels (StarGAN). Node only.',
  docs:
    'Default label vector: `[black_hair, blond_hair, brown_hair, male, young]`, like StarGAN on CelebA. Rendering takes ' +
    'a few tens of ms per face on first use; faces are cached per process (and under `cacheDir` if set). ' +
    'Old faces have lines at the eyes, forehead and mouth; at 64 px these are subtle.',
  params: zFacesParams,
  inputs: [],
  outputs: [
    { name: 'image', contract: declared.image, description: 'RGB faces in [-1, 1], NHWC.' },
    { name: 'label', contract: declared.label, description: 'Attribute vector (0/1): hair one-hot, then the binary attributes.' },
  ],
  infer: ({ params }) => ({ outputs: outputs(params.batch ?? 'B', params) }),
  // Draws the full batch's indices as a one-worker run does and builds this worker's rows.
  dataParallel: 'shardAware',
  async build(ctx) {
    const p = ctx.params;
    // Native code, loaded only when a faces node is built: the package index stays browser-safe.
    const { renderFace } = await import('./faces/render-face.js');
    const count = p.split === 'train' ? p.trainCount : p.heldoutCount;
    const key = (i: number) => faceKey(p.seed, p.split, p.hairColours, p.size, i);
    const attrs = (i: number) => faceAttributes(p.seed, p.split, i, p.hairColours);
    const face = (i: number) => cachedFace(key(i), () => ({ rgb: renderFace(attrs(i), p.size), attributes: attrs(i) }));
    if (p.cacheDir) await fillFromDisk(p, count, face, key, attrs);

    const order = new BatchOrder(p.order, count, `images.faces (${p.split})`);
    const width = p.hairColours.length + p.attributes.length;
    const per = p.size * p.size * 3;
    return {
      forward(_inputs, fctx: ForwardContext) {
        const { full, start, n } = batchRows(p.batch, fctx);
        const pixels = new Float32Array(n * per);
        const labels = new Float32Array(n * width);
        order.next(full, fctx).subarray(start, start + n).forEach((index, row) => {
          const f = face(index);
          for (let i = 0; i < per; i++) pixels[row * per + i] = f.rgb[i]! / 127.5 - 1;
          writeFaceLabels(f.attributes, p.hairColours, p.attributes, labels, row * width);
        });
        return {
          image: tf.tensor4d(pixels, [n, p.size, p.size, 3], 'float32'),
          label: tf.tensor2d(labels, [n, width], 'float32'),
        };
      },
      ...orderStateHandlers({ order }),
    };
  },
});

/** Load the split from the disk cache, or render it all now and write the cache. */
async function fillFromDisk(
  p: FacesParams,
  count: number,
  face: (i: number) => { rgb: Uint8Array },
  key: (i: number) => string,
  attrs: (i: number) => FaceAttributes,
): Promise<void> {
  const disk = await import('./faces/face-disk-cache.js');
  const per = p.size * p.size * 3;
  const file = disk.diskCacheFile(p.cacheDir, { seed: p.seed, split: p.split as Split, hair: p.hairColours, size: p.size, count });
  const stored = await disk.readFaceFile(file, count * per);
  if (stored) {
    for (let i = 0; i < count; i++) putFace(key(i), { rgb: stored.slice(i * per, (i + 1) * per), attributes: attrs(i) });
    return;
  }
  const all = new Uint8Array(count * per);
  for (let i = 0; i < count; i++) all.set(face(i).rgb, i * per);
  await disk.writeFaceFile(file, all);
}
