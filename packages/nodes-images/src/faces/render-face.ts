import { Resvg } from '@resvg/resvg-js';
import { faceToSvgString, generate, type FaceConfig } from 'facesjs';
import { Rng } from '@ganvas/core';
import type { FaceAttributes } from './face-attributes.js';

/**
 * Node-only: draws a face with facesjs and rasterises its SVG with resvg (a native addon
 * shipped inside its npm package). Kept in its own module, loaded with a dynamic import by
 * `images.faces`, so the rest of this package stays free of native code and `node:` imports.
 *
 * Determinism: facesjs draws every random choice from `Math.random` and has no seed option.
 * While one face is generated and serialised we swap `Math.random` for a stream of our own
 * `Rng`, seeded per face (`FaceAttributes.faceSeed`), and restore it in a `finally`. Both calls
 * are synchronous, so no other code can observe the swap. Attributes we label (hair colour,
 * gender, glasses, age lines) are set through facesjs overrides, never left to chance.
 */

/** Hair styles that show (almost) no hair: the hair colour would not be visible. */
const BALD = new Set(['bald', 'short-bald']);


/**
 * facesjs's canvas is 400×600 with the head in the upper part; this square window frames
 * the head from the top of the hair to below the chin.
 */
const HEAD_VIEWBOX = '0 75 400 400';
const BACKGROUND = '#dfe6ee';

/** The facesjs face config for attributes `a` (uses Math.random: call inside `withSeededRandom`). */
function faceConfig(a: FaceAttributes): FaceConfig {
  const gender = a.male ? 'male' : 'female';
  const face = generate(
    {
      hair: { color: a.hairShade },
      accessories: { id: 'none' },
      glasses: { id: a.eyeglasses ? 'glasses2-black' : 'none' },
    },
    { gender },
  );
  if (BALD.has(face.hair.id)) face.hair.id = 'short';
  if (a.young) {
    face.eyeLine.id = 'none';
    face.smileLine.id = 'none';
    if (face.miscLine.id.startsWith('forehead') || face.miscLine.id.startsWith('chin')) face.miscLine.id = 'none';
  } else {
    // Age lines under the eyes, on the forehead and beside the mouth (facesjs draws these ids
    // for either gender even though its random choice offers some only to male faces).
    face.eyeLine.id = 'line2';
    face.miscLine.id = 'forehead2';
    face.smileLine.id = 'line1';
    face.smileLine.size = Math.max(face.smileLine.size, 1);
  }
  return face;
}

function withSeededRandom<T>(seed: number, f: () => T): T {
  const rng = new Rng(seed);
  const original = Math.random;
  Math.random = () => rng.uniform();
  try {
    return f();
  } finally {
    Math.random = original;
  }
}

/** The SVG text of the face with attributes `a`, framed on the head. */
export function faceSvg(a: FaceAttributes): string {
  const svg = withSeededRandom(a.faceSeed, () => faceToSvgString(faceConfig(a)));
  if (!svg.includes('viewBox="0 0 400 600"')) throw new Error('facesjs output changed: expected a 400×600 viewBox');
  return svg.replace('viewBox="0 0 400 600"', `viewBox="${HEAD_VIEWBOX}"`);
}

/** RGB bytes (`size`×`size`×3, row-major) of the face with attributes `a`. */
export function renderFace(a: FaceAttributes, size: number): Uint8Array {
  const image = new Resvg(faceSvg(a), { fitTo: { mode: 'width', value: size }, background: BACKGROUND }).render();
  if (image.width !== size || image.height !== size) {
    throw new Error(`face rendered at ${image.width}×${image.height}, expected ${size}×${size}`);
  }
  const rgba = image.pixels;
  const rgb = new Uint8Array(size * size * 3);
  for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
    rgb[j] = rgba[i]!;
    rgb[j + 1] = rgba[i + 1]!;
    rgb[j + 2] = rgba[i + 2]!;
  }
  return rgb;
}
