/**
 * Anti-aliased rasterisation of simple shapes in pure TypeScript (no DOM, no `node:`), so the
 * synthetic datasets render identically in Node and in a browser.
 *
 * A shape is a signed distance function in pixel units (negative inside). A pixel's coverage
 * is `clamp(0.5 − d, 0, 1)` with `d` taken at the pixel centre: the fraction of a unit box
 * filter the shape covers when its edge is locally straight — exact enough at these sizes and
 * far cheaper than supersampling. Outlines use `|d| − width/2` the same way.
 */

export type Vec = readonly [number, number];

/** Signed distance (pixels, negative inside) from a point to a shape. */
export type Sdf = (x: number, y: number) => number;

export function circleSdf(cx: number, cy: number, r: number): Sdf {
  return (x, y) => Math.hypot(x - cx, y - cy) - r;
}

/**
 * A convex polygon, vertices in either winding: distance to the nearest edge segment,
 * negative when the point is on the inner side of every edge.
 */
export function polygonSdf(vertices: readonly Vec[]): Sdf {
  const n = vertices.length;
  // Orientation sign so "inside" is the same side for both windings.
  let area = 0;
  for (let i = 0; i < n; i++) {
    const [ax, ay] = vertices[i]!;
    const [bx, by] = vertices[(i + 1) % n]!;
    area += ax * by - bx * ay;
  }
  const orient = area >= 0 ? 1 : -1;
  return (x, y) => {
    let best = Infinity;
    let inside = true;
    for (let i = 0; i < n; i++) {
      const [ax, ay] = vertices[i]!;
      const [bx, by] = vertices[(i + 1) % n]!;
      const ex = bx - ax;
      const ey = by - ay;
      const px = x - ax;
      const py = y - ay;
      const t = Math.max(0, Math.min(1, (px * ex + py * ey) / (ex * ex + ey * ey)));
      best = Math.min(best, Math.hypot(px - t * ex, py - t * ey));
      if (orient * (ex * py - ey * px) < 0) inside = false;
    }
    return inside ? -best : best;
  };
}

/** Vertices of a regular polygon centred at (cx, cy) with circumradius `r`, first vertex at `angle`. */
export function regularPolygon(cx: number, cy: number, r: number, sides: number, angle: number): Vec[] {
  return Array.from({ length: sides }, (_, k) => {
    const a = angle + (2 * Math.PI * k) / sides;
    return [cx + r * Math.cos(a), cy + r * Math.sin(a)] as const;
  });
}

/** Fraction of the pixel inside the shape. */
export function fillCoverage(d: number): number {
  return d >= 0.5 ? 0 : d <= -0.5 ? 1 : 0.5 - d;
}

/** Fraction of the pixel on an outline of `width` pixels centred on the shape's edge. */
export function strokeCoverage(d: number, width: number): number {
  return fillCoverage(Math.abs(d) - width / 2);
}

/** An RGB image, HWC, values in [0, 1]. */
export interface Canvas {
  size: number;
  rgb: Float32Array;
}

export function canvas(size: number): Canvas {
  return { size, rgb: new Float32Array(size * size * 3) };
}

/**
 * Blend `colour(x, y)` over the canvas with per-pixel coverage `alpha(x, y)` (pixel centres at
 * +0.5). `bounds` limits the loop to the shape's box (plus the AA margin) to stay cheap.
 */
export function paint(
  c: Canvas,
  alpha: (x: number, y: number) => number,
  colour: (x: number, y: number, out: Float32Array) => void,
  bounds: { x0: number; y0: number; x1: number; y1: number } = { x0: 0, y0: 0, x1: c.size, y1: c.size },
): void {
  const tmp = new Float32Array(3);
  const x0 = Math.max(0, Math.floor(bounds.x0));
  const y0 = Math.max(0, Math.floor(bounds.y0));
  const x1 = Math.min(c.size, Math.ceil(bounds.x1));
  const y1 = Math.min(c.size, Math.ceil(bounds.y1));
  for (let py = y0; py < y1; py++) {
    for (let px = x0; px < x1; px++) {
      const x = px + 0.5;
      const y = py + 0.5;
      const a = alpha(x, y);
      if (a <= 0) continue;
      colour(x, y, tmp);
      const o = (py * c.size + px) * 3;
      for (let k = 0; k < 3; k++) c.rgb[o + k] = c.rgb[o + k]! * (1 - a) + tmp[k]! * a;
    }
  }
}
