import { describe, expect, it } from 'vitest';
import { GRID_BACKGROUND, GRID_GAP, toImageGrid } from './image-grid.js';

/** n images of h×w×c where every value is `value(image, y, x, channel)`. */
function batch(n: number, h: number, w: number, c: number, value: (i: number, y: number, x: number, k: number) => number) {
  const out = new Float32Array(n * h * w * c);
  for (let i = 0; i < n; i++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) out[((i * h + y) * w + x) * c + k] = value(i, y, x, k);
  return out;
}

describe('toImageGrid', () => {
  it('lays tiles out in a near-square grid with 2-px gaps and no border', () => {
    const g = toImageGrid(batch(5, 2, 3, 1, () => 0), 5, 2, 3, 1, [0, 1]);
    expect([GRID_GAP, GRID_BACKGROUND]).toEqual([2, 255]);
    expect([g.width, g.height, g.channels]).toEqual([3 * 3 + 2 * 2, 2 * 2 + 2, 1]);
    expect(g.pixels.length).toBe(g.width * g.height);
    const at = (x: number, y: number) => g.pixels[y * g.width + x];
    // Black tiles: tile 0 at (0,0), tile 4 at column 1 of row 1; gaps and the empty 6th slot are white.
    expect([at(0, 0), at(2, 1), at(3, 0), at(4, 1), at(5, 0), at(0, 2), at(0, 3)]).toEqual([0, 0, 255, 255, 0, 255, 255]);
    expect([at(5, 4), at(7, 5), at(10, 4), at(12, 5)]).toEqual([0, 0, 255, 255]);
    expect(g.pixels.reduce((n, v) => n + (v === 0 ? 1 : 0), 0)).toBe(5 * 6);
  });

  it('puts pixel (y, x) of image i where it belongs', () => {
    const [n, h, w] = [6, 3, 4];
    const images = batch(n, h, w, 1, (i, y, x) => (i * 100 + y * 10 + x) / 255);
    const g = toImageGrid(images, n, h, w, 1, [0, 1], 4);
    expect([g.width, g.height]).toEqual([4 * 4 + 3 * 2, 2 * 3 + 2]);
    for (let i = 0; i < n; i++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          const gx = (i % 4) * (w + GRID_GAP) + x;
          const gy = Math.floor(i / 4) * (h + GRID_GAP) + y;
          expect(g.pixels[gy * g.width + gx]).toBe(Math.min(255, i * 100 + y * 10 + x));
        }
  });

  it('maps the declared range to 0..255, rounding and clamping (NaN → 0)', () => {
    const values = new Float32Array([-1, 0, 1, -3, 2, NaN, 0.5, -0.5]);
    const g = toImageGrid(values, 1, 1, 8, 1, [-1, 1]);
    expect(Array.from(g.pixels)).toEqual([0, 128, 255, 0, 255, 0, 191, 64]);
  });

  it('keeps three channels interleaved', () => {
    const images = batch(2, 1, 1, 3, (i, _y, _x, k) => (k === i ? 1 : 0));
    const g = toImageGrid(images, 2, 1, 1, 3, [0, 1]);
    expect([g.width, g.height, g.channels]).toEqual([1 + GRID_GAP + 1, 1, 3]);
    expect(Array.from(g.pixels)).toEqual([255, 0, 0, 255, 255, 255, 255, 255, 255, 0, 255, 0]);
  });

  it('uses at most n columns and one row when cols ≥ n', () => {
    const g = toImageGrid(new Float32Array(3 * 4), 3, 2, 2, 1, [0, 1], 10);
    expect([g.width, g.height]).toEqual([3 * 2 + 2 * 2, 2]);
  });

  it('explains bad arguments', () => {
    expect(() => toImageGrid(new Float32Array(8), 2, 2, 2, 1, [0, 1])).not.toThrow();
    expect(() => toImageGrid(new Float32Array(7), 2, 2, 2, 1, [0, 1])).toThrow(/expected 2×2×2×1 = 8 values, got 7/);
    expect(() => toImageGrid(new Float32Array(16), 2, 2, 2, 2, [0, 1])).toThrow(/1 or 3 channels, got 2/);
    expect(() => toImageGrid(new Float32Array(8), 2, 2, 2, 1, [1, 1])).toThrow(/range \[1, 1\] is empty/);
    expect(() => toImageGrid(new Float32Array(8), 2, 2, 2, 1, [0, 1], 0)).toThrow(/cols must be a positive integer/);
    expect(() => toImageGrid(new Float32Array(0), 0, 2, 2, 1, [0, 1])).toThrow(/n must be a positive integer/);
  });
});
