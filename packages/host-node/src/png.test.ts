import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, decodePng, encodePng, type PngChannels } from './png.js';

describe('PNG', () => {
  it('round-trips grey, RGB and RGBA images', () => {
    for (const channels of [1, 3, 4] as PngChannels[]) {
      const w = 7;
      const h = 5;
      const pixels = Uint8Array.from({ length: w * h * channels }, (_, i) => (i * 37 + channels) & 0xff);
      const png = encodePng(w, h, channels, pixels);
      expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
      const back = decodePng(png);
      expect(back).toMatchObject({ width: w, height: h, channels });
      expect([...back.pixels]).toEqual([...pixels]);
    }
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('decodes rows written with every filter type', () => {
    // 3×5 grey image, row y uses filter y; the filtered bytes are computed here by hand.
    const w = 3;
    const img = [
      [10, 20, 30],
      [15, 25, 35],
      [40, 30, 20],
      [5, 200, 100],
      [255, 0, 128],
    ];
    const raw: number[] = [];
    img.forEach((row, y) => {
      raw.push(y);
      row.forEach((v, x) => {
        const a = x > 0 ? row[x - 1]! : 0;
        const b = y > 0 ? img[y - 1]![x]! : 0;
        const c = x > 0 && y > 0 ? img[y - 1]![x - 1]! : 0;
        const p = a + b - c;
        const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
        const pred = [0, a, b, (a + b) >> 1, paeth][y]!;
        raw.push((v - pred) & 0xff);
      });
    });
    const png = encodePng(w, img.length, 1, new Uint8Array(w * img.length));
    // Swap the IDAT of a same-sized image for the hand-filtered data.
    const idat = deflateSync(Uint8Array.from(raw));
    const head = png.subarray(0, 8 + 25);
    const chunk = new Uint8Array(12 + idat.length);
    const view = new DataView(chunk.buffer);
    view.setUint32(0, idat.length);
    chunk.set(new TextEncoder().encode('IDAT'), 4);
    chunk.set(idat, 8);
    view.setUint32(8 + idat.length, crc32(chunk, 4, 8 + idat.length));
    const iend = png.subarray(png.length - 12);
    const file = new Uint8Array([...head, ...chunk, ...iend]);
    expect([...decodePng(file).pixels]).toEqual(img.flat());
  });

  it('refuses bad input with a message', () => {
    expect(() => encodePng(2, 2, 3, new Uint8Array(5))).toThrow(/needs 12 bytes, got 5/);
    expect(() => decodePng(new Uint8Array([1, 2, 3]))).toThrow(/not a PNG/);
    const png = encodePng(2, 2, 1, new Uint8Array(4));
    png[20] = png[20]! ^ 0xff;
    expect(() => decodePng(png)).toThrow(/bad CRC/);
  });
});
