import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { buildTestNode, sampleGrid } from '@ganvas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mnist } from './mnist.js';
import { useCpuBackend } from './test-backend.js';

beforeAll(useCpuBackend);

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = dirname(here);

/** Every file of the package outside node_modules and dist, with its size and mtime. */
function listing(dir = packageDir, out = new Map<string, string>()): Map<string, string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) listing(path, out);
    else out.set(path, `${st.size}:${st.mtimeMs}`);
  }
  return out;
}

describe('sample grids are rendered in memory', () => {
  it('turns an MNIST batch into an 8×8 grid without writing any file', async () => {
    const before = listing();
    const node = await buildTestNode(mnist, { params: { batch: 64 } });
    const out = node.forward({}) as { image: tf.Tensor };
    const data = out.image.dataSync() as Float32Array;
    const grid = sampleGrid({ nodeId: 'p', label: 'p', step: 0, n: 64, height: 28, width: 28, channels: 1, range: [-1, 1], data });
    out.image.dispose();
    expect([grid.width, grid.height, grid.channels]).toEqual([8 * 28 + 7 * 2, 8 * 28 + 7 * 2, 1]);
    // Count ink inside the tiles only (the gaps are white).
    let ink = 0;
    for (let i = 0; i < 64; i++)
      for (let y = 0; y < 28; y++)
        for (let x = 0; x < 28; x++) {
          const gx = (i % 8) * 30 + x;
          const gy = Math.floor(i / 8) * 30 + y;
          if (grid.pixels[gy * grid.width + gx]! > 128) ink++;
        }
    // Digits cover roughly 10–25% of each tile.
    expect(ink / (64 * 28 * 28)).toBeGreaterThan(0.05);
    expect(ink / (64 * 28 * 28)).toBeLessThan(0.4);
    expect(listing()).toEqual(before);
  });

  it('keeps file access in the one loader module: the rest of the package is platform-free', () => {
    const sources = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('test-'));
    const withNodeImports = sources.filter((f) => /from ['"](node:|fs['"]|path['"])/.test(readFileSync(join(here, f), 'utf8')));
    expect(withNodeImports).toEqual(['dataset-files.ts']);
  });
});
