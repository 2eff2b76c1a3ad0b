import jpeg from 'jpeg-js';
import type { DecodedImage } from '@ganvas/core';

/**
 * JPEG through the pure-JS `jpeg-js` decoder (baseline and progressive). Output is RGB:
 * jpeg-js always produces RGBA, and JPEG has no alpha, so the fourth byte is dropped.
 */

/** Images above this many megapixels are refused (a 256×256 style target needs 0.07). */
const MAX_MEGAPIXELS = 100;

export function decodeJpeg(bytes: Uint8Array): DecodedImage {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error('not a JPEG file (no SOI marker)');
  const raw = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_MEGAPIXELS });
  const n = raw.width * raw.height;
  const pixels = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    pixels[3 * i] = raw.data[4 * i]!;
    pixels[3 * i + 1] = raw.data[4 * i + 1]!;
    pixels[3 * i + 2] = raw.data[4 * i + 2]!;
  }
  return { width: raw.width, height: raw.height, channels: 3, pixels };
}

/** Encode RGB pixels as a baseline JPEG (for tests and demo images). */
export function encodeJpeg(width: number, height: number, rgb: Uint8Array, quality = 90): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba[4 * i] = rgb[3 * i]!;
    rgba[4 * i + 1] = rgb[3 * i + 1]!;
    rgba[4 * i + 2] = rgb[3 * i + 2]!;
    rgba[4 * i + 3] = 255;
  }
  const out = jpeg.encode({ width, height, data: rgba }, quality);
  return new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength);
}
