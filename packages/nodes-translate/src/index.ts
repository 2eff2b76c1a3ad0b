// Node list of this plug-in package (filled as its node types land).
import type { NodeDefinition } from '@ganvas/core';

export const nodes: NodeDefinition<any>[] = [];
