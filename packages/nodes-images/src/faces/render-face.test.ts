import { describe, expect, it } from 'vitest';
import { faceAttributes } from './face-attributes.js';
import { faceSvg, renderFace } from './render-face.js';

describe('renderFace (facesjs with a seeded Math.random, resvg)', () => {
  it('renders the same bytes for the same attributes, without any cache', () => {
    const a = faceAttributes(4, 'train', 2, ['black', 'blond', 'brown']);
    const one = renderFace(a, 32);
    Math.random(); // the global stream moving on must not matter
    const two = renderFace(a, 32);
    expect(one.length).toBe(32 * 32 * 3);
    expect(Array.from(two)).toEqual(Array.from(one));
    const other = renderFace({ ...a, faceSeed: a.faceSeed + 1 }, 32);
    expect(Array.from(other)).not.toEqual(Array.from(one));
  });

  it('puts the labelled attributes into the SVG and restores Math.random', () => {
    const original = Math.random;
    for (let i = 0; i < 12; i++) {
      const a = faceAttributes(0, 'heldout', i, ['gray', 'red']);
      const svg = faceSvg(a);
      expect(svg.toLowerCase()).toContain(a.hairShade.toLowerCase());
      expect(svg.includes('viewBox="0 75 400 400"')).toBe(true);
      // Glasses add their own paths; everything else about the face stays the same.
      const withGlasses = faceSvg({ ...a, eyeglasses: true });
      const without = faceSvg({ ...a, eyeglasses: false });
      expect(withGlasses.length).toBeGreaterThan(without.length + 100);
      expect(Math.random).toBe(original);
    }
  });
});
