import type { Range } from '@ganvas/core';

/** A tiled picture of a batch of images, 8-bit, row-major, channels interleaved. */
export interface ImageGrid {
  width: number;
  height: number;
  channels: 1 | 3;
  pixels: Uint8Array;
}

/** Pixels between neighbouring tiles (there is no outer border). */
export const GRID_GAP = 2;

/** Grey level of the gaps and of empty slots: white lines show between dark MNIST-like tiles. */
export const GRID_BACKGROUND = 255;

/**
 * Tile `n` images of `h×w×c` (NHWC, c = 1 or 3) into one grid, `cols` tiles per row
 * (default: a near-square grid), with a white `GRID_GAP`-pixel gap between tiles
 * (empty slots of the last row are white too).
 * Values are mapped from `range` to 0..255, rounded and clamped (NaN becomes 0).
 * Platform-free: encoding the grid (PNG, canvas) is the host's job.
 */
export function toImageGrid(
  images: Float32Array,
  n: number,
  h: number,
  w: number,
  c: number,
  range: Range,
  cols?: number,
): ImageGrid {
  for (const [name, v] of [['n', n], ['h', h], ['w', w]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`toImageGrid: ${name} must be a positive integer, got ${v}`);
  }
  if (c !== 1 && c !== 3) throw new Error(`toImageGrid: images need 1 or 3 channels, got ${c}`);
  if (images.length !== n * h * w * c) {
    throw new Error(`toImageGrid: expected ${n}×${h}×${w}×${c} = ${n * h * w * c} values, got ${images.length}`);
  }
  const [lo, hi] = range;
  if (!(hi > lo)) throw new Error(`toImageGrid: range [${lo}, ${hi}] is empty`);
  const columns = Math.min(n, cols ?? Math.ceil(Math.sqrt(n)));
  if (!Number.isInteger(columns) || columns < 1) throw new Error(`toImageGrid: cols must be a positive integer, got ${cols}`);
  const rows = Math.ceil(n / columns);
  const width = columns * w + (columns - 1) * GRID_GAP;
  const height = rows * h + (rows - 1) * GRID_GAP;
  const pixels = new Uint8Array(width * height * c).fill(GRID_BACKGROUND);
  const scale = 255 / (hi - lo);

  for (let img = 0; img < n; img++) {
    const x0 = (img % columns) * (w + GRID_GAP);
    const y0 = Math.floor(img / columns) * (h + GRID_GAP);
    for (let y = 0; y < h; y++) {
      const src = ((img * h + y) * w) * c;
      const dst = ((y0 + y) * width + x0) * c;
      for (let i = 0; i < w * c; i++) {
        const v = Math.round((images[src + i]! - lo) * scale);
        // NaN fails both comparisons and lands on 0 through the Uint8Array conversion.
        pixels[dst + i] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
    }
  }
  return { width, height, channels: c, pixels };
}
