import { describe, expect, it } from 'vitest';
import { nodes } from './index.js';

describe('@ganvas/nodes-translate', () => {
  it('exports its node types, namespaced i2i, version 1, with defaults for every optional param', () => {
    expect(nodes.map((n) => n.type)).toEqual(['i2i.imagePool', 'i2i.lsganLoss', 'i2i.classificationLoss', 'i2i.targetLabels', 'i2i.maskedLabels', 'i2i.sideBySide']);
    for (const n of nodes) {
      expect(n.version).toBe(1);
      expect(() => n.params.parse({})).not.toThrow();
    }
  });
});
