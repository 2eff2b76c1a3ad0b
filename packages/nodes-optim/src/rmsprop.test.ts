import { beforeAll, describe } from 'vitest';
import { rmsprop, rmspropOptimizer } from './rmsprop.js';
import { optimizerSuite } from './test-cases.js';
import { useCpu } from './test-util.js';

describe('optim.rmsprop', () => {
  beforeAll(useCpu);
  optimizerSuite('rmsprop', rmsprop.params, rmspropOptimizer, [
    { name: 'plain', params: { lr: 0.01 } },
    { name: 'centered + momentum', params: { lr: 0.01, centered: true, momentum: 0.9 } },
    { name: 'momentum + weight decay', params: { lr: 0.01, momentum: 0.5, weightDecay: 0.05, alpha: 0.9 } },
    { name: 'centered', params: { lr: 0.01, centered: true, eps: 1e-4 } },
    { name: 'centered + momentum, lrDecay 2 → 8 to 0.1', params: { lr: 0.01, centered: true, momentum: 0.9, lrDecay: { from: 2, to: 8, final: 0.1 } }, updatesPerStep: 1 },
    { name: 'plain, lrDecay 0 → 3, 2 updates per step', params: { lr: 0.01, lrDecay: { from: 0, to: 3 } }, updatesPerStep: 2 },
  ]);
});
