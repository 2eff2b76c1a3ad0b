import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@ganvas/backend';
import { buildTestNode, type NodeDefinition } from '@ganvas/core';
import { createNodeHost, encodePng } from '@ganvas/host-node';
import { pairedFolder, shapes, shapesPaired, shapesUnpaired } from '@ganvas/nodes-images';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await selectBackend('cpu');
});

/** Content keys of every image in a split (FNV-1a over the float bits). */
function keys(images: Float32Array, n: number): string[] {
  const per = images.length / n;
  const words = new Uint32Array(images.buffer, images.byteOffset, images.length);
  return Array.from({ length: n }, (_, i) => {
    let h = 0x811c9dc5;
    let g = 0;
    for (let k = i * per; k < (i + 1) * per; k++) {
      h = Math.imul(h ^ words[k]!, 0x01000193) >>> 0;
      g = (g + words[k]!) >>> 0;
    }
    return `${h}:${g}`;
  });
}

async function splitImages(def: NodeDefinition<any>, split: 'train' | 'heldout', port: string, count: number) {
  const node = await buildTestNode(def, { params: { split, order: 'sequential', size: 32, trainCount: count, heldoutCount: count }, batchSize: count });
  const out = node.forward({}, { purpose: 'eval' });
  const data = (out[port] as tf.Tensor).dataSync() as Float32Array;
  tf.dispose(Object.values(out) as tf.Tensor[]);
  return keys(data, count);
}

describe('synthetic splits', () => {
  it.each([
    ['images.shapes', shapes, 'image'],
    ['images.shapesPaired', shapesPaired, 'target'],
    ['images.shapesUnpaired', shapesUnpaired, 'a'],
    ['images.shapesUnpaired', shapesUnpaired, 'b'],
  ] as const)('%s: train and held-out images are disjoint and the train images are distinct', async (_name, def, port) => {
    const n = 400;
    const train = await splitImages(def, 'train', port, n);
    const held = await splitImages(def, 'heldout', port, n);
    expect(new Set(train).size).toBe(n);
    const trainSet = new Set(train);
    expect(held.filter((k) => trainSet.has(k))).toEqual([]);
  });
});

describe('folder loaders on the real Node host', () => {
  it('reads an A|B PNG folder through createNodeHost (listDir, readFile) with relative paths', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ganvas-pix2pix-'));
    try {
      await mkdir(path.join(dir, 'facades', 'train'), { recursive: true });
      const px = new Uint8Array(8 * 4 * 3);
      for (let i = 0; i < 8 * 4; i++) px.set((i % 8) < 4 ? [255, 0, 0] : [0, 0, 255], i * 3);
      await writeFile(path.join(dir, 'facades', 'train', '1.png'), encodePng(8, 4, 3, px));
      const node = await buildTestNode(pairedFolder, {
        params: { folder: 'facades/train', size: 4, order: 'sequential' },
        host: createNodeHost({ baseDir: dir }),
        batchSize: 1,
      });
      const out = node.forward({}, { purpose: 'eval' });
      const x = (out.input as tf.Tensor).dataSync();
      const y = (out.target as tf.Tensor).dataSync();
      tf.dispose(Object.values(out) as tf.Tensor[]);
      expect(Array.from(x.slice(0, 3))).toEqual([1, -1, -1]);
      expect(Array.from(y.slice(0, 3))).toEqual([-1, -1, 1]);
      await expect(
        buildTestNode(pairedFolder, { params: { folder: 'nowhere' }, host: createNodeHost({ baseDir: dir }) }),
      ).rejects.toThrow(`images.pairedFolder (nowhere): folder not found: ${path.join(dir, 'nowhere')}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
