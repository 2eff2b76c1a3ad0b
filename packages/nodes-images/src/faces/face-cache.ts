import type { FaceAttributes } from './face-attributes.js';

/**
 * In-memory cache of rendered faces (RGB bytes), shared by every `images.faces` node of the
 * process: rendering costs tens of milliseconds per face, so each one is drawn once.
 */
export interface CachedFace {
  rgb: Uint8Array;
  attributes: FaceAttributes;
}

const cache = new Map<string, CachedFace>();

/** Key of one face: everything its pixels depend on. */
export function faceKey(seed: number, split: string, hair: readonly string[], size: number, index: number): string {
  return `${seed}|${split}|${hair.join(',')}|${size}|${index}`;
}

export function cachedFace(key: string, make: () => CachedFace): CachedFace {
  let face = cache.get(key);
  if (!face) {
    face = make();
    cache.set(key, face);
  }
  return face;
}

export function putFace(key: string, face: CachedFace): void {
  cache.set(key, face);
}

export function hasFace(key: string): boolean {
  return cache.has(key);
}

/** Faces held in memory (for tests and memory reports). */
export function cachedFaceCount(): number {
  return cache.size;
}
