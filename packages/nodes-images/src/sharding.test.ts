import * as tf from '@tensorflow/tfjs-core';
import { buildTestNode, Rng, type Host, type NodeDefinition, type Shard } from '@ganvas/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributeFolder } from './attribute-folder.js';
import { faces } from './faces.js';
import { pairedFolder } from './paired-folder.js';
import { shapes } from './shapes.js';
import { shapesPaired } from './shapes-paired.js';
import { shapesUnpaired } from './shapes-unpaired.js';
import { unpairedFolders } from './unpaired-folders.js';
import { useCpuBackend } from './test-backend.js';
import { fileHost, pngBytes, tempDir } from './test-files.js';

// Data-parallel training: each worker's batch is its rows of the batch a one-worker run
// draws; indices, crop windows and flips consume the stream exactly as in that run.

let files: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  await useCpuBackend();
  files = await tempDir();
  const img = (k: number) => pngBytes(24, 12, (x, y) => [x * 10, y * 20, 30 * k]);
  for (let k = 0; k < 5; k++) {
    await files.write(`paired/${k}.png`, img(k));
    await files.write(`unpaired/trainA/${k}.png`, img(k));
    await files.write(`unpaired/trainB/${k}.png`, img(k + 3));
    await files.write(`attrs/img/${k}.png`, img(k));
  }
  const lines = ['5', 'Smiling Young', ...[0, 1, 2, 3, 4].map((k) => `${k}.png ${k % 2 ? 1 : -1} ${k < 2 ? 1 : -1}`)];
  await files.write('attrs/list_attr.txt', lines.join('\n'));
});
afterAll(() => files.remove());

const shard = (index: number, count: number): Shard => ({
  index,
  count,
  collective: { allReduceMean: () => { throw new Error('sources need no collective'); } },
});

interface Draw {
  outputs: Record<string, number[]>;
  rng: unknown;
  state: unknown;
}

async function draw(def: NodeDefinition<any>, params: Record<string, unknown>, host: Host | undefined, s?: Shard): Promise<Draw> {
  const node = await buildTestNode(def, { params, batchSize: 4, ...(host ? { host } : {}) });
  const rng = new Rng(21);
  const outputs: Record<string, number[]> = {};
  // Two draws: the second shows the stream and the order stayed in step after the first.
  for (let i = 0; i < 2; i++) {
    const out = node.forward({}, { rng, ...(s ? { shard: s } : {}) }) as Record<string, tf.Tensor>;
    for (const [k, t] of Object.entries(out)) {
      expect(t.shape[0]).toBe(4 / (s?.count ?? 1));
      if (i === 1) outputs[k] = Array.from(t.dataSync());
    }
    tf.dispose(Object.values(out));
  }
  const result = { outputs, rng: rng.getState(), state: node.instance.getState?.() };
  node.dispose();
  return result;
}

const folder = (sub: string) => () => ({ folder: `${files.dir}/${sub}`, size: 8, loadSize: 10, flip: true });
const cases: [string, NodeDefinition<any>, () => Record<string, unknown>, boolean][] = [
  ['images.shapes', shapes, () => ({ size: 32 }), false],
  ['images.shapesPaired', shapesPaired, () => ({ size: 32 }), false],
  ['images.shapesUnpaired', shapesUnpaired, () => ({ size: 32 }), false],
  ['images.faces', faces, () => ({ size: 32, order: 'random' }), false],
  ['images.pairedFolder (random crop and flip)', pairedFolder, folder('paired'), true],
  ['images.unpairedFolders (random crop and flip)', unpairedFolders, folder('unpaired'), true],
  [
    'images.attributeFolder (random crop and flip)',
    attributeFolder,
    () => ({ folder: `${files.dir}/attrs/img`, attributeFile: `${files.dir}/attrs/list_attr.txt`, select: ['Smiling'], heldoutFraction: 0, size: 8, loadSize: 10, flip: true }),
    true,
  ],
];

describe.each(cases)('%s on a shard', (_name, def, params, needsHost) => {
  it("builds its rows of the one-worker batch and keeps the stream and order in step", async () => {
    expect(def.dataParallel).toBe('shardAware');
    const host = needsHost ? fileHost() : undefined;
    const whole = await draw(def, params(), host);
    const parts = [await draw(def, params(), host, shard(0, 2)), await draw(def, params(), host, shard(1, 2))];
    for (const [port, values] of Object.entries(whole.outputs)) {
      expect([...parts[0]!.outputs[port]!, ...parts[1]!.outputs[port]!], port).toEqual(values);
    }
    for (const p of parts) {
      expect(p.rng).toEqual(whole.rng);
      expect(p.state).toEqual(whole.state);
    }
  });
});

it('refuses a batch that does not split', async () => {
  const node = await buildTestNode(shapes, { params: { size: 32 }, batchSize: 6 });
  expect(() => node.forward({}, { shard: shard(0, 4) })).toThrow('a batch of 6 rows does not split into 4 equal shards');
  node.dispose();
});
