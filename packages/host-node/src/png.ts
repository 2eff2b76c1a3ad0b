import { deflateSync, inflateSync } from 'node:zlib';

/**
 * A minimal PNG codec for sample grids: 8-bit grey, RGB or RGBA, no interlacing. Encoding
 * uses filter 0 on every row (sample grids compress fine without adaptive filters); decoding
 * accepts all five filter types so it can read files written by other tools too.
 */

export type PngChannels = 1 | 3 | 4;

export interface PngImage {
  width: number;
  height: number;
  channels: PngChannels;
  /** Row-major, interleaved, `width * height * channels` bytes. */
  pixels: Uint8Array;
}

const SIGNATURE = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]);
const COLOR_TYPE: Record<PngChannels, number> = { 1: 0, 3: 2, 4: 6 };
const CHANNELS_OF: Record<number, PngChannels> = { 0: 1, 2: 3, 6: 4 };

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

export function encodePng(width: number, height: number, channels: PngChannels, pixels: Uint8Array): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`PNG size must be positive integers, got ${width}×${height}`);
  }
  if (!(channels in COLOR_TYPE)) throw new Error(`PNG channels must be 1, 3 or 4, got ${channels}`);
  const stride = width * channels;
  if (pixels.length !== stride * height) {
    throw new Error(`PNG ${width}×${height}×${channels} needs ${stride * height} bytes, got ${pixels.length}`);
  }
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = COLOR_TYPE[channels];
  // compression, filter method and interlace all 0
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const parts = [SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export function decodePng(bytes: Uint8Array): PngImage {
  for (let i = 0; i < SIGNATURE.length; i++) {
    if (bytes[i] !== SIGNATURE[i]) throw new Error('not a PNG file (bad signature)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = SIGNATURE.length;
  let width = 0;
  let height = 0;
  let channels: PngChannels | undefined;
  const idat: Uint8Array[] = [];
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const end = offset + 8 + length;
    if (end + 4 > bytes.length) throw new Error(`PNG chunk ${type} runs past the end of the file`);
    if (view.getUint32(end) !== crc32(bytes, offset + 4, end)) throw new Error(`PNG chunk ${type} has a bad CRC`);
    const data = bytes.subarray(offset + 8, end);
    if (type === 'IHDR') {
      const hv = new DataView(data.buffer, data.byteOffset, data.byteLength);
      width = hv.getUint32(0);
      height = hv.getUint32(4);
      channels = CHANNELS_OF[data[9]!];
      if (data[8] !== 8 || !channels) throw new Error('only 8-bit grey, RGB and RGBA PNGs are supported');
      if (data[12] !== 0) throw new Error('interlaced PNGs are not supported');
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    offset = end + 4;
  }
  if (!channels || idat.length === 0) throw new Error('PNG has no IHDR or no image data');
  const raw = inflateSync(Buffer.concat(idat));
  return { width, height, channels, pixels: unfilter(raw, width, height, channels) };
}

/** Undo the per-row filters (None, Sub, Up, Average, Paeth). */
function unfilter(raw: Uint8Array, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  if (raw.length < (stride + 1) * height) throw new Error('PNG image data is truncated');
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[row + x - bpp]! : 0;
      const b = y > 0 ? out[prev + x]! : 0;
      const c = x >= bpp && y > 0 ? out[prev + x - bpp]! : 0;
      let predictor: number;
      switch (filter) {
        case 0: predictor = 0; break;
        case 1: predictor = a; break;
        case 2: predictor = b; break;
        case 3: predictor = (a + b) >>> 1; break;
        case 4: predictor = paeth(a, b, c); break;
        default: throw new Error(`PNG row ${y} has unknown filter ${filter}`);
      }
      out[row + x] = (raw[src + x]! + predictor) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}
