import { beforeAll, describe } from 'vitest';
import { relu } from './relu.js';
import { activationTests } from './test-activation.js';
import { useCpu } from './test-helpers.js';

beforeAll(useCpu);

describe('layers.relu', () => {
  activationTests(relu, { torch: { op: 'relu' } });
});
