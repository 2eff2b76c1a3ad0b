import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/**
 * PNG and JPEG decoding to 8-bit RGB, by content (magic bytes), not by file extension.
 * PNG goes through pngjs (which needs Node's zlib: in a browser, bundle a zlib/Buffer shim or
 * decode with the page's own image APIs); JPEG through jpeg-js (pure JS). Transparent pixels
 * are composited over white. Every error names the file.
 */
export interface RgbImage {
  width: number;
  height: number;
  /** Row-major RGB bytes. */
  rgb: Uint8Array;
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function imageKind(bytes: Uint8Array): 'png' | 'jpeg' | undefined {
  if (PNG_MAGIC.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

/** Largest image accepted, in megapixels (a decompression bomb is refused, not decoded). */
const MAX_MEGAPIXELS = 64;

export function decodeImage(bytes: Uint8Array, file: string): RgbImage {
  const kind = imageKind(bytes);
  if (!kind) {
    const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new Error(`${file}: not a PNG or JPEG image (${bytes.length} bytes starting ${head || '(empty)'})`);
  }
  try {
    return kind === 'png' ? decodePng(bytes) : decodeJpeg(bytes);
  } catch (e) {
    throw new Error(`${file}: cannot decode ${kind === 'png' ? 'PNG' : 'JPEG'}: ${(e as Error).message}`);
  }
}

function decodePng(bytes: Uint8Array): RgbImage {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (png.width * png.height > MAX_MEGAPIXELS * 1e6) throw new Error(`${png.width}×${png.height} is larger than ${MAX_MEGAPIXELS} megapixels`);
  const rgba = png.data;
  const rgb = new Uint8Array(png.width * png.height * 3);
  for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
    const a = rgba[i + 3]! / 255;
    rgb[j] = Math.round(rgba[i]! * a + 255 * (1 - a));
    rgb[j + 1] = Math.round(rgba[i + 1]! * a + 255 * (1 - a));
    rgb[j + 2] = Math.round(rgba[i + 2]! * a + 255 * (1 - a));
  }
  return { width: png.width, height: png.height, rgb };
}

function decodeJpeg(bytes: Uint8Array): RgbImage {
  // tolerantDecoding would return a half-grey image for a truncated file; we want the error.
  const img = jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: false,
    tolerantDecoding: false,
    maxResolutionInMP: MAX_MEGAPIXELS,
    maxMemoryUsageInMB: 1024,
  });
  const expected = img.width * img.height * 3;
  if (img.data.length !== expected) throw new Error(`decoded ${img.data.length} bytes, expected ${expected}`);
  return { width: img.width, height: img.height, rgb: img.data };
}
