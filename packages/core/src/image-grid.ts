import type { SampleBatch } from './trainer.js';

/** An 8-bit picture, row-major, channels interleaved; hosts encode it (PNG, canvas). */
export interface ImageGrid {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  pixels: Uint8Array;
}

/**
 * Tiles a batch of sample images into one picture: values mapped from the batch's declared
 * range to 0..255 (clamped, so an out-of-range generator shows as saturated, not wrapped),
 * `gap` pixels of background between tiles and none around the edge.
 */

export interface GridOptions {
  /** Pixels between tiles (default 2). */
  gap?: number;
  /** Grey level of the gaps (default 255: white lines between dark MNIST-like tiles). */
  background?: number;
}

export function sampleGrid(batch: SampleBatch, cols?: number, options: GridOptions = {}): ImageGrid {
  const { n, height: h, width: w, channels: c } = batch;
  if (c !== 1 && c !== 3 && c !== 4) {
    throw new Error(`sample "${batch.label}" has ${c} channels; a grid can show 1, 3 or 4`);
  }
  if (n <= 0) throw new Error(`sample "${batch.label}" has no images`);
  const gap = options.gap ?? 2;
  const background = options.background ?? 255;
  const columns = Math.max(1, Math.min(n, cols ?? Math.ceil(Math.sqrt(n))));
  const rows = Math.ceil(n / columns);
  const width = columns * w + (columns - 1) * gap;
  const height = rows * h + (rows - 1) * gap;
  const pixels = new Uint8Array(width * height * c).fill(background);
  const [lo, hi] = batch.range;
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  for (let i = 0; i < n; i++) {
    const x0 = (i % columns) * (w + gap);
    const y0 = Math.floor(i / columns) * (h + gap);
    for (let y = 0; y < h; y++) {
      const src = ((i * h + y) * w) * c;
      const dst = ((y0 + y) * width + x0) * c;
      for (let k = 0; k < w * c; k++) {
        const v = Math.round((batch.data[src + k]! - lo) * scale);
        pixels[dst + k] = Number.isNaN(v) ? 0 : v < 0 ? 0 : v > 255 ? 255 : v;
      }
    }
  }
  return { width, height, channels: c as 1 | 3 | 4, pixels };
}
