import { adam } from './adam.js';
import { averageWeights } from './averageWeights.js';
import { clipWeights } from './clipWeights.js';
import { lbfgs } from './lbfgs.js';
import { rmsprop } from './rmsprop.js';
import { schedule } from './schedule.js';
import { sgd } from './sgd.js';

export { adam, averageWeights, clipWeights, lbfgs, rmsprop, schedule, sgd };
export type { LbfgsParams } from './lbfgs.js';

/** Every node type of this package, in the order the editor lists them. */
export const nodes = [adam, sgd, rmsprop, lbfgs, schedule, clipWeights, averageWeights];
