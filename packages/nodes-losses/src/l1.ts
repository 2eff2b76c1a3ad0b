import * as tf from '@tensorflow/tfjs-core';
import { definePointwiseLoss } from './pointwise.js';

export const l1 = definePointwiseLoss({
  type: 'loss.l1',
  title: 'L1 (mean absolute error)',
  description:
    "Absolute error |prediction − target|, reduced by 'mean' (over all elements, = torch l1_loss) or 'sumPerSample' (sum over non-batch dims, mean over the batch).",
  docs: [
    'Elementwise `|p − t|`.',
    '',
    '- `mean`: `Σ |p − t| / N`, as `torch.nn.functional.l1_loss`; the Pix2Pix and CycleGAN reconstruction terms.',
    '- `sumPerSample`: `Σ |p − t| / B`.',
  ].join('\n'),
  elementwise: (p, t) => tf.abs(tf.sub(p, t)),
});
