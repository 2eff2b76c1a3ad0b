/** Pixels per 28×28 greyscale image. */
export const IMAGE_SIZE = 28 * 28;

/** Which part of a dataset a source draws from. */
export type Split = 'train' | 'heldout';
export const SPLITS: readonly Split[] = ['train', 'heldout'];

/** One split of a dataset, as plain arrays for any tool (classifiers, evaluation). */
export interface Dataset {
  /** `count × 784` pixels in [0, 1], row-major 28×28 per image. A shared view: do not mutate. */
  images: Float32Array;
  /** Class of each image, 0..9. A shared view: do not mutate. */
  labels: Int32Array;
  count: number;
}

/**
 * A whole dataset decoded once, laid out so that both splits are contiguous:
 * the `trainCount` training images first, then the held-out ones.
 */
export interface DecodedDataset {
  images: Float32Array;
  labels: Int32Array;
  /** For each slot, the image's index in the dataset's canonical (file) order. */
  source: Int32Array;
  trainCount: number;
  total: number;
}

/** Throws a readable error for a split name that is not one of `SPLITS`. */
export function assertSplit(split: unknown): asserts split is Split {
  if (split !== 'train' && split !== 'heldout') {
    throw new Error(`unknown split ${JSON.stringify(split)}: expected "train" or "heldout"`);
  }
}

const cache = new Map<string, DecodedDataset>();

/** Decode dataset `id` on first use; every later call in this process gets the same arrays. */
export function decodeOnce(id: string, decode: () => DecodedDataset): DecodedDataset {
  let data = cache.get(id);
  if (!data) {
    data = decode();
    cache.set(id, data);
  }
  return data;
}

/** The view of one split; no copy is made. */
export function splitView(data: DecodedDataset, split: Split): Dataset {
  assertSplit(split);
  const [from, to] = split === 'train' ? [0, data.trainCount] : [data.trainCount, data.total];
  return {
    images: data.images.subarray(from * IMAGE_SIZE, to * IMAGE_SIZE),
    labels: data.labels.subarray(from, to),
    count: to - from,
  };
}

/** Builds a `DecodedDataset` from images given in source order and a held-out predicate. */
export class SplitWriter {
  private readonly images: Float32Array;
  private readonly labels: Int32Array;
  private readonly source: Int32Array;
  private next = 0;
  private train = 0;
  private held = 0;

  constructor(
    private readonly total: number,
    private readonly trainCount: number,
  ) {
    this.images = new Float32Array(total * IMAGE_SIZE);
    this.labels = new Int32Array(total);
    this.source = new Int32Array(total);
  }

  /** Append the next image in canonical order; `scale` maps a stored value to [0, 1] (results are clamped). */
  add(pixels: ArrayLike<number>, offset: number, label: number, heldout: boolean, scale: number): void {
    const slot = heldout ? this.trainCount + this.held++ : this.train++;
    if (heldout ? slot >= this.total : slot >= this.trainCount) {
      throw new Error(`dataset split overflow: more ${heldout ? 'held-out' : 'training'} images than expected`);
    }
    const base = slot * IMAGE_SIZE;
    for (let i = 0; i < IMAGE_SIZE; i++) {
      const v = (pixels[offset + i] ?? 0) * scale;
      this.images[base + i] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
    this.labels[slot] = label;
    this.source[slot] = this.next++;
  }

  finish(): DecodedDataset {
    if (this.train !== this.trainCount || this.trainCount + this.held !== this.total) {
      throw new Error(
        `dataset split incomplete: ${this.train}/${this.trainCount} training and ` +
          `${this.held}/${this.total - this.trainCount} held-out images`,
      );
    }
    return { images: this.images, labels: this.labels, source: this.source, trainCount: this.trainCount, total: this.total };
  }
}
