import { beforeAll, describe } from 'vitest';
import { tanh } from './tanh.js';
import { activationTests } from './test-activation.js';
import { useCpu } from './test-helpers.js';

beforeAll(useCpu);

describe('layers.tanh', () => {
  activationTests(tanh, { torch: { op: 'tanh' }, range: [-1, 1] });
});
