import { beforeAll } from 'vitest';
import { mnist } from './mnist.js';
import { loadMnist } from './mnist-data.js';
import { useCpuBackend } from './test-backend.js';
import { imageSourceSuite } from './test-image-source.js';

beforeAll(useCpuBackend);

imageSourceSuite(mnist, loadMnist, { train: 9000, heldout: 1000 });
