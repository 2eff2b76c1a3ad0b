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
  ]);
});
