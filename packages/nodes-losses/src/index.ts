import { bce } from './bce.js';
import { gan } from './gan.js';
import { klNormal } from './klNormal.js';
import { l1 } from './l1.js';
import { mse } from './mse.js';
import { weightedSum } from './weightedSum.js';

export { bce, gan, klNormal, l1, mse, weightedSum };

/** Every node type of this package, in the order the editor lists them. */
export const nodes = [gan, bce, mse, l1, klNormal, weightedSum];
