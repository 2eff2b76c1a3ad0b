import * as tf from '@tensorflow/tfjs-core';
import { definePointwiseLoss } from './pointwise.js';

export const mse = definePointwiseLoss({
  type: 'loss.mse',
  title: 'Mean squared error',
  description:
    "Squared error (prediction − target)², reduced by 'mean' (over all elements, = torch mse_loss) or 'sumPerSample' (sum over non-batch dims, mean over the batch).",
  docs: [
    'Elementwise `(p − t)²`.',
    '',
    '- `mean`: `Σ (p − t)² / N` over all N elements, as `torch.nn.functional.mse_loss`.',
    '- `sumPerSample`: `Σ (p − t)² / B`, the Gaussian negative log-likelihood per sample (up to constants).',
    '',
    'Least-squares GAN losses are this node with a constant target.',
  ].join('\n'),
  elementwise: (p, t) => tf.squaredDifference(p, t),
});
