import { beforeAll, describe } from 'vitest';
import { leakyRelu } from './leaky-relu.js';
import { activationTests } from './test-activation.js';
import { useCpu } from './test-helpers.js';

beforeAll(useCpu);

describe('layers.leakyRelu', () => {
  activationTests(leakyRelu, { params: { alpha: 0.2 }, torch: { op: 'leakyRelu', alpha: 0.2 } });
});
