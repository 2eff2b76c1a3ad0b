import { BACKGROUND_RGB, COLOUR_RGB, type ShapeSpec } from './attributes.js';
import { canvas, circleSdf, fillCoverage, paint, polygonSdf, regularPolygon, strokeCoverage, type Canvas, type Sdf } from './raster.js';

/**
 * Three renderings of one shape spec at `size`×`size`:
 * - `photo`: the "real" image — background with a soft vertical gradient, the shape lit from
 *   the top left with a darker rim (the target of Pix2Pix, the images of every other source);
 * - `labels`: a flat label map — background and shape in their plain colours, no shading
 *   (a deterministic Pix2Pix input: the mapping labels → photo is a function);
 * - `edges`: a black outline on white (like edges2shoes: the colour is not in the input).
 */
export type Rendering = 'photo' | 'labels' | 'edges';

interface Geometry {
  sdf: Sdf;
  cx: number;
  cy: number;
  /** Circle radius in pixels (the shape's size scale). */
  radius: number;
  /** Half side of a box around the shape. */
  extent: number;
}

/** The shape of `spec` in pixel coordinates of a `size` image (y down). */
export function geometry(spec: ShapeSpec, size: number): Geometry {
  const cx = spec.cx * size;
  const cy = spec.cy * size;
  const radius = spec.r * size;
  if (spec.shape === 'circle') return { sdf: circleSdf(cx, cy, radius), cx, cy, radius, extent: radius };
  if (spec.shape === 'square') {
    // Same area as the circle: half side r·√π/2.
    const half = (radius * Math.sqrt(Math.PI)) / 2;
    const corner = half * Math.SQRT2;
    return { sdf: polygonSdf(regularPolygon(cx, cy, corner, 4, Math.PI / 4 + spec.angle)), cx, cy, radius, extent: corner };
  }
  const circum = 1.25 * radius;
  return { sdf: polygonSdf(regularPolygon(cx, cy, circum, 3, -Math.PI / 2 + spec.angle)), cx, cy, radius, extent: circum };
}

function fillBackground(c: Canvas, rgb: readonly number[], gradient: boolean): void {
  const { size } = c;
  for (let y = 0; y < size; y++) {
    // Slightly lighter at the top: a "photo" is not flat.
    const g = gradient ? 1.04 - (0.08 * (y + 0.5)) / size : 1;
    for (let x = 0; x < size; x++) {
      const o = (y * size + x) * 3;
      for (let k = 0; k < 3; k++) c.rgb[o + k] = Math.min(1, rgb[k]! * g);
    }
  }
}

export function render(spec: ShapeSpec, size: number, kind: Rendering): Canvas {
  const c = canvas(size);
  const g = geometry(spec, size);
  const pad = g.extent + 2;
  const bounds = { x0: g.cx - pad, y0: g.cy - pad, x1: g.cx + pad, y1: g.cy + pad };
  if (kind === 'edges') {
    fillBackground(c, [1, 1, 1], false);
    const width = Math.max(1, size / 40);
    paint(c, (x, y) => strokeCoverage(g.sdf(x, y), width), (_x, _y, out) => out.fill(0), bounds);
    return c;
  }
  const fill = COLOUR_RGB[spec.colour];
  fillBackground(c, BACKGROUND_RGB[spec.background], kind === 'photo');
  if (kind === 'labels') {
    paint(c, (x, y) => fillCoverage(g.sdf(x, y)), (_x, _y, out) => out.set(fill), bounds);
    return c;
  }
  const rim = Math.max(1, size / 40);
  paint(
    c,
    (x, y) => fillCoverage(g.sdf(x, y)),
    (x, y, out) => {
      // Light from the top left, and a darker band just inside the edge.
      const l = Math.max(-1, Math.min(1, -((x - g.cx) + (y - g.cy)) / (Math.SQRT2 * g.radius)));
      const inside = -g.sdf(x, y);
      const edge = inside < rim ? 0.7 + (0.3 * Math.max(0, inside)) / rim : 1;
      for (let k = 0; k < 3; k++) out[k] = Math.min(1, fill[k]! * (1 + 0.2 * l) * edge);
    },
    bounds,
  );
  return c;
}

/** Copy a [0, 1] canvas into a batch buffer as [-1, 1] at image slot `row`. */
export function writeImage(c: Canvas, out: Float32Array, row: number): void {
  const n = c.rgb.length;
  const base = row * n;
  for (let i = 0; i < n; i++) out[base + i] = 2 * c.rgb[i]! - 1;
}
