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
  ]);
});
