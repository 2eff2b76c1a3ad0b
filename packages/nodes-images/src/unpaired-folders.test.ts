import * as tf from '@tensorflow/tfjs-core';
import { buildTestNode } from '@ganvas/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { take, useCpuBackend } from './test-backend.js';
import { fileHost, jpegBytes, pngBytes, tempDir } from './test-files.js';
import { unpairedFolders } from './unpaired-folders.js';

let files: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  await useCpuBackend();
  files = await tempDir();
  // Domain A: reddish images, B: bluish; different counts, so the orders are independent.
  for (let k = 0; k < 3; k++) await files.write(`ds/trainA/a${k}.png`, pngBytes(12, 10, () => [200, 20 * k, 0]));
  for (let k = 0; k < 5; k++) await files.write(`ds/trainB/b${k}.jpg`, jpegBytes(10, 12, () => [0, 20 * k, 200], 100));
  await files.write('ds/testA/a.png', pngBytes(8, 8, () => [255, 255, 255]));
});
afterAll(() => files.remove());

const build = (params: Record<string, unknown>, host = fileHost()) =>
  buildTestNode(unpairedFolders, { params: { folder: `${files.dir}/ds`, size: 8, ...params }, host, batchSize: 4 });

describe('images.unpairedFolders', () => {
  it('draws A from trainA and B from trainB, each with its own order', async () => {
    const node = await build({ loadSize: 10, flip: true });
    for (let step = 0; step < 3; step++) {
      const out = node.forward({});
      const a = take(out.a);
      const b = take(out.b);
      for (let i = 0; i < 4; i++) {
        expect(a[i * 192]!).toBeGreaterThan(0.5);
        expect(b[i * 192 + 2]!).toBeGreaterThan(0.5);
      }
    }
    expect(node.instance.getState!().json).toMatchObject({ a: { count: 3 }, b: { count: 5 } });
    const json = node.instance.getState!().json as { a: unknown };
    expect(() => node.instance.setState!({ json: { a: json.a } })).toThrow(/no entry for stream "b"/);
  });

  it('test subset needs testB too, and says which folder is missing', async () => {
    await expect(build({ subset: 'test' })).rejects.toThrow(`${files.dir}/ds/testB`);
  });

  it('keeps the tensor count flat', async () => {
    const node = await build({});
    tf.dispose(Object.values(node.forward({})) as tf.Tensor[]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) tf.dispose(Object.values(node.forward({})) as tf.Tensor[]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
