import { labelWidth, type AttributeSchema } from './attribute-schema.js';

/**
 * Attribute-labelled images as plain arrays — the shape of what `images.shapes` or
 * `images.faces` give, read out of the graph — so the tools take any such data without
 * depending on how it was made.
 */
export interface AttributeImages {
  /** NHWC values in `range`, row-major. */
  images: Float32Array;
  /** `count × labels` attribute vectors (0/1), in the schema's order. */
  labels: Float32Array;
  count: number;
  /** Height, width, channels of each image. */
  shape: [number, number, number];
  /** Value range of the pixels (the image-to-image sources give [-1, 1]). */
  range: [number, number];
}

export function pixelsPerImage(data: Pick<AttributeImages, 'shape'>): number {
  return data.shape[0] * data.shape[1] * data.shape[2];
}

/** Checks sizes and 0/1 labels against the schema; the message names the set. */
export function assertAttributeImages(data: AttributeImages, schema: AttributeSchema, what: string): void {
  const per = pixelsPerImage(data);
  if (data.images.length !== data.count * per) {
    throw new Error(`${what}: ${data.images.length} pixel values for ${data.count} images of ${data.shape.join('×')}`);
  }
  const width = labelWidth(schema);
  if (data.labels.length !== data.count * width) {
    throw new Error(`${what}: ${data.labels.length} label values for ${data.count} images of ${width} labels`);
  }
  for (let i = 0; i < data.labels.length; i++) {
    const v = data.labels[i]!;
    if (v !== 0 && v !== 1) throw new Error(`${what}: label ${i % width} of image ${Math.floor(i / width)} is ${v}, not 0 or 1`);
  }
  if (!(data.range[1] > data.range[0])) throw new Error(`${what}: bad pixel range [${data.range.join(', ')}]`);
}

/** Images `start … start + count − 1` of a set (views, no copy). */
export function sliceAttributeImages(data: AttributeImages, start: number, count: number): AttributeImages {
  const per = pixelsPerImage(data);
  const width = data.labels.length / Math.max(1, data.count);
  const n = Math.max(0, Math.min(count, data.count - start));
  return {
    ...data,
    images: data.images.subarray(start * per, (start + n) * per),
    labels: data.labels.subarray(start * width, (start + n) * width),
    count: n,
  };
}
