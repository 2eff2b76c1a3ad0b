import type { RgbImage } from './decode.js';

/**
 * Geometry for folder images, in pure TS: center-square crop, bilinear resize and per-batch
 * crop/flip. The resize is bilinear with half-pixel centres (like PyTorch's
 * `align_corners=False`); when shrinking, the triangle filter widens with the scale factor
 * (like PIL's BILINEAR), so a 178-px face shrunk to 64 px is averaged, not aliased.
 */

/** The largest centred square of `img` (CelebA: 178×218 → 178×178). */
export function centerSquare(img: RgbImage): RgbImage {
  const side = Math.min(img.width, img.height);
  return cropRgb(img, Math.floor((img.width - side) / 2), Math.floor((img.height - side) / 2), side, side);
}

export function cropRgb(img: RgbImage, x0: number, y0: number, width: number, height: number): RgbImage {
  if (x0 < 0 || y0 < 0 || x0 + width > img.width || y0 + height > img.height) {
    throw new Error(`crop ${width}×${height} at (${x0}, ${y0}) is outside a ${img.width}×${img.height} image`);
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const from = ((y0 + y) * img.width + x0) * 3;
    rgb.set(img.rgb.subarray(from, from + width * 3), y * width * 3);
  }
  return { width, height, rgb };
}

/** Weights of one output axis: for each output index, source indices and weights summing to 1. */
function axisWeights(inSize: number, outSize: number): { index: Int32Array; weight: Float32Array; taps: number } {
  const scale = inSize / outSize;
  const support = Math.max(1, scale);
  const taps = Math.ceil(support) * 2 + 1;
  const index = new Int32Array(outSize * taps);
  const weight = new Float32Array(outSize * taps);
  for (let o = 0; o < outSize; o++) {
    const centre = (o + 0.5) * scale - 0.5;
    const first = Math.floor(centre - support) + 1;
    let sum = 0;
    for (let t = 0; t < taps; t++) {
      const s = first + t;
      const w = Math.max(0, 1 - Math.abs(s - centre) / support);
      index[o * taps + t] = Math.min(inSize - 1, Math.max(0, s));
      weight[o * taps + t] = w;
      sum += w;
    }
    for (let t = 0; t < taps; t++) weight[o * taps + t]! /= sum;
  }
  return { index, weight, taps };
}

export function resizeBilinear(img: RgbImage, width: number, height: number): RgbImage {
  if (img.width === width && img.height === height) return img;
  const xs = axisWeights(img.width, width);
  const ys = axisWeights(img.height, height);
  // Separable: rows first (into float), then columns.
  const tmp = new Float32Array(img.height * width * 3);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < 3; k++) {
        let v = 0;
        for (let t = 0; t < xs.taps; t++) v += xs.weight[x * xs.taps + t]! * img.rgb[(y * img.width + xs.index[x * xs.taps + t]!) * 3 + k]!;
        tmp[(y * width + x) * 3 + k] = v;
      }
    }
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < 3; k++) {
        let v = 0;
        for (let t = 0; t < ys.taps; t++) v += ys.weight[y * ys.taps + t]! * tmp[(ys.index[y * ys.taps + t]! * width + x) * 3 + k]!;
        rgb[(y * width + x) * 3 + k] = Math.round(Math.min(255, Math.max(0, v)));
      }
    }
  }
  return { width, height, rgb };
}

/**
 * Copy a `size`×`size` window at (x0, y0) of a square `load`×`load` image into `out` at image
 * slot `row`, as [-1, 1] floats, mirrored left-right when `flip`.
 */
export function writeWindow(src: Uint8Array, load: number, size: number, x0: number, y0: number, flip: boolean, out: Float32Array, row: number): void {
  const base = row * size * size * 3;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sx = x0 + (flip ? size - 1 - x : x);
      const s = ((y0 + y) * load + sx) * 3;
      const d = base + (y * size + x) * 3;
      out[d] = src[s]! / 127.5 - 1;
      out[d + 1] = src[s + 1]! / 127.5 - 1;
      out[d + 2] = src[s + 2]! / 127.5 - 1;
    }
  }
}
