import type { DecodedImage } from '@ganvas/core';
import { decodeJpeg } from './jpeg.js';
import { decodePng } from './png.js';

/**
 * The Node host's `decodeImage`: PNG or JPEG, recognised by their signatures (not by the
 * file name, which may lie). Errors name the file and say which formats are understood.
 */
export async function decodeImage(bytes: Uint8Array, name: string): Promise<DecodedImage> {
  const isPng = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  if (!isPng && !isJpeg) {
    throw new Error(`${name}: not a PNG or JPEG image (the only formats this host decodes)`);
  }
  try {
    return isPng ? decodePng(bytes) : decodeJpeg(bytes);
  } catch (e) {
    throw new Error(`${name}: cannot decode the ${isPng ? 'PNG' : 'JPEG'} image: ${(e as Error).message}`);
  }
}
