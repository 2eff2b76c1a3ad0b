import { adam } from './adam.js';
import { clipWeights } from './clipWeights.js';
import { rmsprop } from './rmsprop.js';
import { schedule } from './schedule.js';
import { sgd } from './sgd.js';

export { adam, clipWeights, rmsprop, schedule, sgd };

/** Every node type of this package, in the order the editor lists them. */
export const nodes = [adam, sgd, rmsprop, schedule, clipWeights];
