import { describe, expect, it } from 'vitest';
import type { SampleBatch } from './trainer.js';
import { sampleGrid } from './image-grid.js';

const batch = (n: number, values: number[], range: [number, number]): SampleBatch => ({
  nodeId: 'p', label: 'p', step: 0, n, height: 1, width: 2, channels: 1, range, data: Float32Array.from(values),
});

describe('sampleGrid', () => {
  it('tiles images with 2px gaps, mapping the range to 0..255 and clamping', () => {
    const g = sampleGrid(batch(3, [-1, 1, 0, 2, -3, 1], [-1, 1]), 2);
    // 2 columns × 2 rows of 2×1 tiles: width 2+2+2, height 1+2+1.
    expect(g).toMatchObject({ width: 6, height: 4, channels: 1 });
    const row = (y: number) => [...g.pixels.subarray(y * 6, y * 6 + 6)];
    expect(row(0)).toEqual([0, 255, 255, 255, 128, 255]);
    expect(row(1)).toEqual([255, 255, 255, 255, 255, 255]);
    expect(row(3)).toEqual([0, 255, 255, 255, 255, 255]);
  });

  it('defaults to a square-ish grid', () => {
    const g = sampleGrid(batch(5, new Array(10).fill(0.5), [0, 1]));
    expect(g.width).toBe(3 * 2 + 2 * 2);
    expect(g.height).toBe(2 * 1 + 2);
  });
});
