import type { ImageGrid } from '@ganvas/core';

/** An image grid (1, 3 or 4 channels) as a PNG data URL, through a canvas. */
export function gridToDataUrl(grid: ImageGrid): string {
  const canvas = document.createElement('canvas');
  canvas.width = grid.width;
  canvas.height = grid.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas context');
  const img = ctx.createImageData(grid.width, grid.height);
  const n = grid.width * grid.height;
  const c = grid.channels;
  for (let i = 0; i < n; i++) {
    const s = i * c;
    const d = i * 4;
    img.data[d] = grid.pixels[s]!;
    img.data[d + 1] = grid.pixels[c === 1 ? s : s + 1]!;
    img.data[d + 2] = grid.pixels[c === 1 ? s : s + 2]!;
    img.data[d + 3] = c === 4 ? grid.pixels[s + 3]! : 255;
  }
  ctx.putImageData(img, 0, 0);
  return canvas.toDataURL('image/png');
}
