import { describe, expect, it } from 'vitest';
import { centerSquare, resizeBilinear } from './resize.js';

function image(width: number, height: number, f: (x: number, y: number) => number) {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rgb.fill(f(x, y), (y * width + x) * 3, (y * width + x) * 3 + 3);
  return { width, height, rgb };
}

describe('resizeBilinear', () => {
  it('upsamples 2× with half-pixel centres like torch (align_corners=False)', () => {
    // torch.nn.functional.interpolate([[0, 100]], size=4, mode='linear', align_corners=False) = [0, 25, 75, 100]
    const out = resizeBilinear(image(2, 1, (x) => x * 100), 4, 1);
    expect(Array.from(out.rgb.filter((_, i) => i % 3 === 0))).toEqual([0, 25, 75, 100]);
  });

  it('averages when shrinking (no aliasing of a fine checkerboard)', () => {
    const out = resizeBilinear(image(64, 64, (x, y) => ((x + y) % 2) * 200), 8, 8);
    for (const v of out.rgb) expect(Math.abs(v - 100)).toBeLessThanOrEqual(2);
  });

  it('keeps a constant image constant and the identity size unchanged', () => {
    const img = image(7, 5, () => 42);
    expect(resizeBilinear(img, 3, 11).rgb.every((v) => v === 42)).toBe(true);
    expect(resizeBilinear(img, 7, 5)).toBe(img);
  });

  it('centerSquare cuts the middle of a tall image', () => {
    const sq = centerSquare(image(4, 8, (_x, y) => y * 10));
    expect([sq.width, sq.height]).toEqual([4, 4]);
    expect(sq.rgb[0]).toBe(20);
  });
});
