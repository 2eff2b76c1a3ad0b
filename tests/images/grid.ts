import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodePng } from '@ganvas/host-node';

/** Test helper: write images in [-1, 1] (NHWC, 3 channels) as one PNG grid under test-output/images/. */
export function saveGrid(name: string, data: Float32Array, n: number, h: number, w: number, cols = 8, scale = 2): string {
  const rows = Math.ceil(n / cols);
  const gap = 2;
  const W = cols * (w * scale + gap) + gap;
  const H = rows * (h * scale + gap) + gap;
  const px = new Uint8Array(W * H * 3).fill(255);
  for (let i = 0; i < n; i++) {
    const ox = gap + (i % cols) * (w * scale + gap);
    const oy = gap + Math.floor(i / cols) * (h * scale + gap);
    for (let y = 0; y < h * scale; y++) {
      for (let x = 0; x < w * scale; x++) {
        const src = ((i * h + Math.floor(y / scale)) * w + Math.floor(x / scale)) * 3;
        const dst = ((oy + y) * W + ox + x) * 3;
        for (let k = 0; k < 3; k++) px[dst + k] = Math.round(Math.max(0, Math.min(1, (data[src + k]! + 1) / 2)) * 255);
      }
    }
  }
  const file = path.resolve(process.cwd(), 'test-output', 'images', `${name}.png`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, encodePng(W, H, 3, px));
  return file;
}
