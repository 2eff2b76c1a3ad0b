import * as tf from '@tensorflow/tfjs-core';
import { definePointwiseLoss } from './pointwise.js';

export const l1 = definePointwiseLoss({
  type: 'loss.l1',
  title: 'L1 (mean absolute error)',
  description:
    "Absolute error |prediction − target|, reduced by 'mean' (over all elements, = torch l1_loss) or 'sumPerSample' (sum over non-batch dims, mean over the batch).",
  docs: [
    'Elementwise `|p − t|`; its gradient where p = t is 0, as in PyTorch.',
    '',
    '- `mean`: `Σ |p − t| / N`, as `torch.nn.functional.l1_loss`; the Pix2Pix and CycleGAN reconstruction terms.',
    '- `sumPerSample`: `Σ |p − t| / B`.',
  ].join('\n'),
  // |d| written as d·sign(d) so the gradient at d = 0 is 0, as in PyTorch (tf.abs gives −1 there).
  elementwise: (p, t) => {
    const d = tf.sub(p, t);
    return tf.mul(d, tf.sign(d));
  },
});
