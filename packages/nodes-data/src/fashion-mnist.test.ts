import { beforeAll } from 'vitest';
import { fashionMnist } from './fashion-mnist.js';
import { loadFashionMnist } from './fashion-mnist-data.js';
import { useCpuBackend } from './test-backend.js';
import { imageSourceSuite } from './test-image-source.js';

beforeAll(useCpuBackend);

imageSourceSuite(fashionMnist, loadFashionMnist, { train: 60000, heldout: 10000 });
