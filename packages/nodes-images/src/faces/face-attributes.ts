import { Rng } from '@ganvas/core';
import { mixSeed } from '../synth/spec.js';

/**
 * Attributes of the cartoon faces, CelebA-style (as in StarGAN's figure: hair colour, gender,
 * age, plus glasses). Every face draws every attribute from its own index-seeded stream, so
 * the face at an index is the same whichever attributes the label vector reports.
 */

export const HAIR_COLOURS = ['black', 'blond', 'brown', 'gray', 'red'] as const;
export type HairColour = (typeof HAIR_COLOURS)[number];

/** Binary attributes that can follow the hair one-hot in the label vector, CelebA names in docs. */
export const BINARY_ATTRIBUTES = ['male', 'young', 'eyeglasses'] as const;
export type BinaryAttribute = (typeof BINARY_ATTRIBUTES)[number];

/** A few close shades per hair colour, so a colour is a class and not one exact RGB value. */
export const HAIR_RGB: Record<HairColour, string[]> = {
  black: ['#1c1a18', '#272421', '#0f0902'],
  blond: ['#e9c67b', '#f0d48f', '#d7b86a'],
  brown: ['#5a3825', '#6b4226', '#4e3020'],
  gray: ['#a8a8a8', '#bcbcbc', '#969696'],
  red: ['#b55239', '#a8432b', '#c2603f'],
};

/** Probability of each binary attribute being present. */
const P_MALE = 0.5;
const P_YOUNG = 0.5;
const P_GLASSES = 0.3;

export interface FaceAttributes {
  hair: HairColour;
  hairShade: string;
  male: boolean;
  young: boolean;
  eyeglasses: boolean;
  /** Seed of the stream that stands in for Math.random while facesjs draws the face. */
  faceSeed: number;
}

export const FACE_STREAM = 11;

export function faceAttributes(seed: number, split: 'train' | 'heldout', index: number, hairColours: readonly HairColour[]): FaceAttributes {
  const rng = new Rng(mixSeed(seed, FACE_STREAM, split === 'train' ? 0 : 1, index));
  const hair = hairColours[rng.int(hairColours.length)]!;
  const shades = HAIR_RGB[hair];
  const hairShade = shades[rng.int(shades.length)]!;
  const male = rng.uniform() < P_MALE;
  const young = rng.uniform() < P_YOUNG;
  const eyeglasses = rng.uniform() < P_GLASSES;
  return { hair, hairShade, male, young, eyeglasses, faceSeed: rng.nextUint32() };
}

/** The label vector: hair one-hot over `hairColours`, then the binary attributes in `binary` order. */
export function writeFaceLabels(
  a: FaceAttributes,
  hairColours: readonly HairColour[],
  binary: readonly BinaryAttribute[],
  out: Float32Array,
  offset: number,
): void {
  out[offset + hairColours.indexOf(a.hair)] = 1;
  binary.forEach((name, i) => {
    out[offset + hairColours.length + i] = a[name] ? 1 : 0;
  });
}
