import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode-image.js';
import { encodeJpeg } from './jpeg.js';
import { encodePng } from './png.js';

/** A smooth RGB test pattern (JPEG is lossy; smooth images survive it within a few levels). */
function pattern(w: number, h: number): Uint8Array {
  const px = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = 3 * (y * w + x);
      px[i] = Math.round((255 * x) / (w - 1));
      px[i + 1] = Math.round((255 * y) / (h - 1));
      px[i + 2] = 128;
    }
  }
  return px;
}

describe('decodeImage', () => {
  it('decodes a PNG exactly', async () => {
    const px = pattern(20, 12);
    const img = await decodeImage(encodePng(20, 12, 3, px), 'a.png');
    expect([img.width, img.height, img.channels]).toEqual([20, 12, 3]);
    expect(Array.from(img.pixels)).toEqual(Array.from(px));
  });

  it('decodes a JPEG to RGB within JPEG error', async () => {
    const px = pattern(32, 24);
    const img = await decodeImage(encodeJpeg(32, 24, px, 95), 'b.jpg');
    expect([img.width, img.height, img.channels]).toEqual([32, 24, 3]);
    let maxErr = 0;
    for (let i = 0; i < px.length; i++) maxErr = Math.max(maxErr, Math.abs(img.pixels[i]! - px[i]!));
    expect(maxErr).toBeLessThan(12);
  });

  it('names the file when the bytes are not an image', async () => {
    await expect(decodeImage(new TextEncoder().encode('hello'), 'notes.jpg')).rejects.toThrow(
      'notes.jpg: not a PNG or JPEG image',
    );
  });

  it('names the file when a JPEG is truncated', async () => {
    const bytes = encodeJpeg(16, 16, pattern(16, 16)).subarray(0, 40);
    await expect(decodeImage(bytes, 'cut.jpg')).rejects.toThrow(/cut\.jpg: cannot decode the JPEG image/);
  });
});
