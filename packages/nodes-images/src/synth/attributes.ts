/**
 * The attribute space of the synthetic shapes: what can be drawn, and the RGB values used.
 * Colours are far apart in RGB so a simple per-pixel test tells them apart.
 */

export const SHAPES = ['circle', 'square', 'triangle'] as const;
export type ShapeKind = (typeof SHAPES)[number];

export const COLOURS = ['red', 'green', 'blue', 'yellow'] as const;
export type Colour = (typeof COLOURS)[number];

export const SIZES = ['small', 'large'] as const;
export type SizeClass = (typeof SIZES)[number];

export const BACKGROUNDS = ['white', 'black', 'gray', 'beige'] as const;
export type Background = (typeof BACKGROUNDS)[number];

/** Fill colours, [0, 1] RGB. */
export const COLOUR_RGB: Record<Colour, [number, number, number]> = {
  red: [0.9, 0.12, 0.12],
  green: [0.12, 0.72, 0.2],
  blue: [0.15, 0.3, 0.92],
  yellow: [0.95, 0.85, 0.1],
};

export const BACKGROUND_RGB: Record<Background, [number, number, number]> = {
  white: [0.96, 0.96, 0.96],
  black: [0.06, 0.06, 0.06],
  gray: [0.5, 0.5, 0.5],
  beige: [0.86, 0.78, 0.6],
};

/** Circle radius (or equal-area equivalent) as a fraction of the image side. */
export const SIZE_FRACTION: Record<SizeClass, number> = { small: 0.17, large: 0.28 };

/**
 * The two label sets, for StarGAN's mask vector: the "object" set labels what is drawn, the
 * "background" set only the background (a different dataset with a different label set).
 * Entries are listed in vector order.
 */
export const LABEL_SETS = {
  object: [...COLOURS, ...SHAPES, 'large'] as const,
  background: [...BACKGROUNDS] as const,
};
export type LabelSet = keyof typeof LABEL_SETS;

/** Everything that determines one synthetic image. */
export interface ShapeSpec {
  shape: ShapeKind;
  colour: Colour;
  size: SizeClass;
  background: Background;
  /** Centre, as a fraction of the image side. */
  cx: number;
  cy: number;
  /** Radius as a fraction of the image side. */
  r: number;
  /** Rotation in radians (squares and triangles). */
  angle: number;
}

/** The label vector of `spec` under `set`, written into `out` at `offset`. */
export function writeLabels(spec: ShapeSpec, set: LabelSet, out: Float32Array, offset: number): void {
  if (set === 'object') {
    out[offset + COLOURS.indexOf(spec.colour)] = 1;
    out[offset + COLOURS.length + SHAPES.indexOf(spec.shape)] = 1;
    out[offset + COLOURS.length + SHAPES.length] = spec.size === 'large' ? 1 : 0;
  } else {
    out[offset + BACKGROUNDS.indexOf(spec.background)] = 1;
  }
}
