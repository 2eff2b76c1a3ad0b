/**
 * Deterministic synthetic test images (no downloads): a content "scene" of flat shapes and
 * gradients, and a style "painting" of coloured diagonal strokes with noise. RGB bytes.
 */

function hash(x: number, y: number, seed: number): number {
  let h = (x * 374761393 + y * 668265263 + seed * 2147483647) | 0;
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** Sky gradient, a sun, hills, a house with a window: large uniform regions and edges. */
export function contentScene(w: number, h: number): Uint8Array {
  const px = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const u = x / w;
      const v = y / h;
      let c: [number, number, number] = [90 + 100 * v, 150 + 80 * v, 235];
      if (Math.hypot(u - 0.78, v - 0.2) < 0.1) c = [250, 210, 60];
      const hill = 0.62 + 0.08 * Math.sin(u * 7);
      if (v > hill) c = [60 + 40 * u, 150 - 50 * (v - hill), 60];
      if (u > 0.2 && u < 0.5 && v > 0.45 && v < 0.8) c = [200, 70, 60];
      if (v > 0.3 && v <= 0.45 && Math.abs(u - 0.35) < (v - 0.3) * 1.1) c = [110, 60, 40];
      if (u > 0.28 && u < 0.38 && v > 0.55 && v < 0.66) c = [240, 240, 200];
      px.set(c.map((k) => Math.max(0, Math.min(255, Math.round(k)))), 3 * (y * w + x));
    }
  }
  return px;
}

/** Diagonal strokes cycling through a palette, with per-pixel noise: a strong, simple texture. */
export function stylePainting(w: number, h: number, seed = 7): Uint8Array {
  const palette: [number, number, number][] = [
    [30, 40, 120],
    [240, 200, 40],
    [200, 60, 40],
    [20, 20, 30],
    [80, 160, 200],
  ];
  const px = new Uint8Array(w * h * 3);
  const period = Math.max(6, Math.round(w / 20));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const wave = Math.sin(y / (period * 1.7)) * period;
      const band = Math.floor((x + y + wave) / period);
      const c = palette[((band % palette.length) + palette.length) % palette.length]!;
      const n = (hash(x, y, seed) - 0.5) * 60;
      px.set(c.map((k) => Math.max(0, Math.min(255, Math.round(k + n)))), 3 * (y * w + x));
    }
  }
  return px;
}
