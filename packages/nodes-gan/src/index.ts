import type { NodeDefinition } from '@ganvas/core';
import { gradientPenalty } from './gradient-penalty.js';
import { tileLabels } from './tile-labels.js';
import { wasserstein } from './wasserstein.js';

export { gradientPenalty, tileLabels, wasserstein };

/** Every node type of `@ganvas/nodes-gan` (namespace `gan`), in one explicit list. */
export const nodes: NodeDefinition<any>[] = [wasserstein, gradientPenalty, tileLabels];
