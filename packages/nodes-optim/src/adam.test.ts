import { beforeAll, describe } from 'vitest';
import { adam, adamOptimizer } from './adam.js';
import { optimizerSuite } from './test-cases.js';
import { useCpu } from './test-util.js';

describe('optim.adam', () => {
  beforeAll(useCpu);
  optimizerSuite('adam', adam.params, adamOptimizer, [
    { name: 'DCGAN defaults, lr 0.05', params: { lr: 0.05 } },
    { name: 'weight decay', params: { lr: 0.05, beta1: 0.9, weightDecay: 0.1 } },
    { name: 'WGAN-GP betas (0, 0.9)', params: { lr: 0.02, beta1: 0, beta2: 0.9, eps: 1e-6 } },
    // Full lr to step 3, down to 0 at step 7, still updating m and v after (LambdaLR on torch's side).
    { name: 'lrDecay 3 → 7', params: { lr: 0.05, lrDecay: { from: 3, to: 7 } }, updatesPerStep: 1 },
    // Two updates per training step share its factor; the bias corrections count updates.
    { name: 'lrDecay 1 → 4 to 0.2, 2 updates per step', params: { lr: 0.05, beta1: 0, beta2: 0.9, lrDecay: { from: 1, to: 4, final: 0.2 } }, updatesPerStep: 2 },
  ]);
});
