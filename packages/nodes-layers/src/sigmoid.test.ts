import { beforeAll, describe } from 'vitest';
import { sigmoid } from './sigmoid.js';
import { activationTests } from './test-activation.js';
import { useCpu } from './test-helpers.js';

beforeAll(useCpu);

describe('layers.sigmoid', () => {
  activationTests(sigmoid, { torch: { op: 'sigmoid' }, range: [0, 1] });
});
