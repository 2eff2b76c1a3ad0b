import * as tf from '@tensorflow/tfjs-core';
import { buildTestNode } from '@ganvas/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributeFolder } from './attribute-folder.js';
import { take, useCpuBackend } from './test-backend.js';
import { fileHost, jpegBytes, pngBytes, tempDir } from './test-files.js';

// Five 20×24 images (taller than wide, like CelebA), each a flat grey level 40·k.
const grey = (k: number) => () => [40 * k, 40 * k, 40 * k] as [number, number, number];
const LIST = ['5', 'Black_Hair Blond_Hair Male Young', ...[1, 2, 3, 4, 5].map((k) => `00000${k}.${k % 2 ? 'png' : 'jpg'}  ${k % 2 ? 1 : -1} ${k % 2 ? -1 : 1} ${k > 2 ? 1 : -1} 1`)].join('\n');

let files: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  await useCpuBackend();
  files = await tempDir();
  for (const k of [1, 2, 3, 4, 5]) {
    await files.write(`img/00000${k}.${k % 2 ? 'png' : 'jpg'}`, k % 2 ? pngBytes(20, 24, grey(k)) : jpegBytes(20, 24, grey(k), 100));
  }
  await files.write('list_attr.txt', `${LIST}\n`);
  await files.write('bad_attr.txt', LIST.replace('000003.png  1 -1 1 1', '000003.png  1 -1 1'));
  await files.write('missing_img_attr.txt', LIST.replace('000004.jpg', '000009.jpg'));
});
afterAll(() => files.remove());

const build = (params: Record<string, unknown>, host = fileHost()) =>
  buildTestNode(attributeFolder, {
    params: { folder: `${files.dir}/img`, attributeFile: `${files.dir}/list_attr.txt`, size: 8, heldoutFraction: 0.2, order: 'sequential', select: ['Black_Hair', 'Blond_Hair', 'Male', 'Young'], ...params },
    host,
    batchSize: 4,
  });

describe('images.attributeFolder', () => {
  it('gives images with their selected attributes, in select order; the last 20% held out', async () => {
    const node = await build({ select: ['Male', 'Black_Hair'] });
    const out = node.forward({}, { purpose: 'eval' });
    expect((out.label as tf.Tensor).shape).toEqual([4, 2]);
    const image = take(out.image);
    const label = take(out.label);
    expect(Array.from(label)).toEqual([0, 1, 0, 0, 1, 1, 1, 0]);
    for (let i = 0; i < 4; i++) expect(image[i * 8 * 8 * 3]!).toBeCloseTo((40 * (i + 1)) / 127.5 - 1, 1);
    const held = await build({ split: 'heldout' });
    const h = held.forward({}, { purpose: 'eval' });
    expect(take(h.image)[0]!).toBeCloseTo(200 / 127.5 - 1, 1);
    expect(Array.from(take(h.label)).slice(0, 4)).toEqual([1, 0, 1, 1]);
  });

  it('infers the label width from select', () => {
    const params = attributeFolder.params.parse({ folder: 'x', attributeFile: 'y', select: ['A', 'B', 'C'], batch: 2, size: 32 });
    expect(attributeFolder.infer!({ nodeId: 'n', params, inputs: {}, bindings: new Map(), declaredOutputs: {} })).toEqual({
      outputs: {
        image: { role: 'image', dtype: 'float32', shape: [2, 32, 32, 3], range: [-1, 1] },
        label: { role: 'label', dtype: 'float32', shape: [2, 3] },
      },
    });
  });

  it('names a missing attribute file, a malformed line and an unknown attribute', async () => {
    await expect(build({ attributeFile: `${files.dir}/nope.txt` })).rejects.toThrow(
      `images.attributeFolder (${files.dir}/nope.txt): cannot read the attribute list`,
    );
    await expect(build({ attributeFile: `${files.dir}/bad_attr.txt` })).rejects.toThrow(
      `${files.dir}/bad_attr.txt line 5: expected a file name and 4 values, got 3 values after "000003.png"`,
    );
    await expect(build({ select: ['Smiling'] })).rejects.toThrow(/no attribute "Smiling"; it has Black_Hair, Blond_Hair, Male, Young/);
  });

  it('a listed image that is missing: error naming it, or skipped with its label', async () => {
    await expect(build({ attributeFile: `${files.dir}/missing_img_attr.txt` })).rejects.toThrow(`${files.dir}/img/000009.jpg`);
    const host = fileHost();
    const node = await build({ attributeFile: `${files.dir}/missing_img_attr.txt`, onBadImage: 'skip', heldoutFraction: 0 }, host);
    expect(host.warnings.join('\n')).toContain(`${files.dir}/img/000009.jpg`);
    const out = node.forward({}, { purpose: 'eval' });
    const image = take(out.image);
    const label = take(out.label);
    // Rows 1, 2, 3, 5: the labels stay with their images.
    expect(image[3 * 8 * 8 * 3]!).toBeCloseTo(200 / 127.5 - 1, 1);
    expect(Array.from(label.subarray(12, 16))).toEqual([1, 0, 1, 1]);
  });

  it('refuses an empty held-out split', async () => {
    await expect(build({ split: 'heldout', heldoutFraction: 0 })).rejects.toThrow(/the heldout split is empty \(5 images, heldoutFraction 0\)/);
  });
});
