// The public API of @ganvas/nodes-translate: image-to-image translation nodes (namespace `i2i`).
import type { NodeDefinition } from '@ganvas/core';
import { classificationLoss } from './classification-loss.js';
import { imagePool } from './image-pool.js';
import { lsganLoss } from './lsgan-loss.js';
import { maskedLabels } from './masked-labels.js';
import { sideBySide } from './side-by-side.js';
import { targetLabels } from './target-labels.js';

export { classificationLoss, imagePool, lsganLoss, maskedLabels, sideBySide, targetLabels };
export { zClassificationLossParams } from './classification-loss.js';
export type { ClassificationLossParams } from './classification-loss.js';
export { zImagePoolParams, planQuery } from './image-pool.js';
export type { ImagePoolParams } from './image-pool.js';
export { zLsganLossParams } from './lsgan-loss.js';
export type { LsganLossParams } from './lsgan-loss.js';
export { zMaskedLabelsParams } from './masked-labels.js';
export type { MaskedLabelsParams } from './masked-labels.js';
export { zTargetLabelsParams, permuteWithinGroups } from './target-labels.js';
export type { TargetLabelsParams } from './target-labels.js';

/** Every node type of `@ganvas/nodes-translate` (namespace `i2i`), in one explicit list. */
export const nodes: NodeDefinition<any>[] = [imagePool, lsganLoss, classificationLoss, targetLabels, maskedLabels, sideBySide];
