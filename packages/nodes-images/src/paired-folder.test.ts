import * as tf from '@tensorflow/tfjs-core';
import { buildTestNode } from '@ganvas/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairedFolder } from './paired-folder.js';
import { useCpuBackend, take } from './test-backend.js';
import { fileHost, jpegBytes, pngBytes, tempDir } from './test-files.js';

// A|B test images 2·16 × 16: A's red channel and B's green channel both follow x within a half
// and B's blue marks which file it is; so a crop or flip applied to one half but not the
// other shows up as a mismatch between input red and target green.
const aB = (k: number) => (x: number, y: number): [number, number, number] =>
  x < 16 ? [x * 15, 0, y * 15] : [0, (x - 16) * 15, 40 * k + y];

let files: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  await useCpuBackend();
  files = await tempDir();
  await files.write('good/1.png', pngBytes(32, 16, aB(1)));
  await files.write('good/2.png', pngBytes(32, 16, aB(2)));
  await files.write('good/3.jpg', jpegBytes(32, 16, aB(3), 100));
  await files.write('good/notes.txt', 'not an image, ignored by extension');
  const png = pngBytes(32, 16, aB(4));
  const jpg = jpegBytes(32, 16, aB(4));
  await files.write('corrupt/a.png', pngBytes(32, 16, aB(1)));
  await files.write('corrupt/b.png', Uint8Array.from([...png.subarray(0, 40), ...new Uint8Array(200).fill(7)]));
  await files.write('truncated/a.png', pngBytes(32, 16, aB(1)));
  await files.write('truncated/b.jpg', jpg.subarray(0, Math.floor(jpg.length / 2)));
  await files.write('text/a.png', 'hello, I am text');
  await files.write('odd/a.png', pngBytes(31, 16, aB(1)));
});
afterAll(() => files.remove());

const build = (params: Record<string, unknown>, host = fileHost()) =>
  buildTestNode(pairedFolder, { params: { size: 16, ...params }, host, batchSize: 3 });

describe('images.pairedFolder', () => {
  it('splits A|B files into aligned input and target, [-1, 1], PNG and JPEG', async () => {
    const node = await build({ folder: `${files.dir}/good`, order: 'sequential' });
    const out = node.forward({}, { purpose: 'eval' });
    expect((out.input as tf.Tensor).shape).toEqual([3, 16, 16, 3]);
    const x = take(out.input);
    const y = take(out.target);
    for (let i = 0; i < 3; i++) {
      for (const [px, py] of [[0, 0], [7, 3], [15, 15]] as const) {
        const o = ((i * 16 + py) * 16 + px) * 3;
        const tol = i === 2 ? 0.05 : 0.01; // the JPEG is lossy
        expect(x[o]!).toBeCloseTo((px * 15) / 127.5 - 1, 1);
        expect(Math.abs(y[o + 1]! - ((px * 15) / 127.5 - 1))).toBeLessThan(tol + 0.02);
        expect(Math.abs(y[o + 2]! - ((40 * (i + 1) + py) / 127.5 - 1))).toBeLessThan(tol + 0.02);
      }
    }
  });

  it('BtoA swaps the halves', async () => {
    const node = await build({ folder: `${files.dir}/good`, order: 'sequential', direction: 'BtoA' });
    const out = node.forward({}, { purpose: 'eval' });
    const x = take(out.input);
    take(out.target);
    expect(x[0]!).toBeCloseTo(-1, 2); // B's red is 0
    expect(x[2]!).toBeCloseTo(40 / 127.5 - 1, 2); // B's blue marks file 1
  });

  it('random crops and flips move input and target together; evaluation is centred', async () => {
    const node = await build({ folder: `${files.dir}/good`, loadSize: 24, crop: 'random', flip: true, size: 16 });
    let flipped = 0;
    for (let step = 0; step < 6; step++) {
      const out = node.forward({});
      const x = take(out.input);
      const y = take(out.target);
      for (let i = 0; i < 3; i++) {
        for (let p = 0; p < 256; p++) expect(Math.abs(x[(i * 256 + p) * 3]! - y[(i * 256 + p) * 3 + 1]!)).toBeLessThan(0.08);
        if (x[(i * 256) * 3]! > x[(i * 256 + 15) * 3]!) flipped++;
      }
    }
    expect(flipped).toBeGreaterThan(0);
    expect(flipped).toBeLessThan(18);
    const a = take(node.forward({}, { purpose: 'sample' }).input);
    const b = take(node.forward({}, { purpose: 'eval' }).input);
    expect(a[0]!).toBeLessThan(a[15 * 3]!); // not flipped
    expect(b.length).toBe(3 * 256 * 3);
  });

  it.each([
    ['corrupt', 'b.png', /cannot decode PNG/],
    ['truncated', 'b.jpg', /cannot decode JPEG/],
    ['text', 'a.png', /not a PNG or JPEG image \(16 bytes starting 68 65 6c 6c\)/],
    ['odd', 'a.png', /width 31 is odd: an A\|B image needs two halves of equal width/],
  ])('a %s file is an error naming it', async (folder, name, reason) => {
    const err = await build({ folder: `${files.dir}/${folder}` }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(`${files.dir}/${folder}/${name}`);
    expect((err as Error).message).toMatch(reason);
    expect((err as Error).message).toContain('onBadImage: "skip"');
  });

  it('onBadImage skip leaves bad files out with a warning naming each; all bad is still an error', async () => {
    const host = fileHost();
    const node = await build({ folder: `${files.dir}/truncated`, onBadImage: 'skip', order: 'sequential' }, host);
    expect(host.warnings).toHaveLength(1);
    expect(host.warnings[0]).toContain(`${files.dir}/truncated/b.jpg`);
    expect(node.instance.getState!().json).toMatchObject({ order: { count: 1 } });
    await expect(build({ folder: `${files.dir}/text`, onBadImage: 'skip' })).rejects.toThrow(/none of the 1 images could be used/);
  });

  it('says so when the host cannot list folders, or the folder is missing or empty', async () => {
    await expect(build({ folder: `${files.dir}/good` }, fileHost({ listDir: false }))).rejects.toThrow(
      /this host cannot list folders \(it has no listDir\)/,
    );
    await expect(build({ folder: `${files.dir}/missing` })).rejects.toThrow(/ENOENT|missing/);
    await files.write('empty/readme.md', '#');
    await expect(build({ folder: `${files.dir}/empty` })).rejects.toThrow(`no .png, .jpg or .jpeg images in ${files.dir}/empty`);
  });

  it('keeps the tensor count flat and resumes its shuffle state', async () => {
    const node = await build({ folder: `${files.dir}/good` });
    take(node.forward({}).input);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) tf.dispose(Object.values(node.forward({})) as tf.Tensor[]);
    expect(tf.memory().numTensors).toBe(before);
    const state = node.instance.getState!();
    const again = await build({ folder: `${files.dir}/good` });
    again.instance.setState!(JSON.parse(JSON.stringify(state)));
    expect(again.instance.getState!()).toEqual(state);
  });
});
