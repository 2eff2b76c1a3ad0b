/**
 * Labelled 28×28 greyscale digits as plain arrays — the shape of `@ganvas/nodes-data`'s
 * `loadMnist(split)`, restated here so the tools take any such data (a browser upload, a
 * test's synthetic set) without depending on how it was loaded.
 */
export interface LabelledImages {
  /** `count × 784` pixels in [0, 1], row-major. */
  images: Float32Array;
  /** Class of each image, 0..9. */
  labels: Int32Array;
  count: number;
}

/** Pixels per image the MNIST tools work on. */
export const DIGIT_PIXELS = 28 * 28;

/** The first `n` images of a set (a view, no copy). */
export function firstImages(data: LabelledImages, n: number): LabelledImages {
  const count = Math.min(n, data.count);
  return { images: data.images.subarray(0, count * DIGIT_PIXELS), labels: data.labels.subarray(0, count), count };
}

/** Checks sizes and labels; the message names the set. */
export function assertLabelledImages(data: LabelledImages, what: string, classes = 10): void {
  if (data.images.length !== data.count * DIGIT_PIXELS) {
    throw new Error(`${what}: ${data.images.length} pixels for ${data.count} images; expected ${DIGIT_PIXELS} per image`);
  }
  if (data.labels.length !== data.count) throw new Error(`${what}: ${data.labels.length} labels for ${data.count} images`);
  for (let i = 0; i < data.count; i++) {
    const l = data.labels[i]!;
    if (!(l >= 0 && l < classes)) throw new Error(`${what}: label ${l} of image ${i} is not in 0..${classes - 1}`);
  }
}
