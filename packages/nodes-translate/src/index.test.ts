import { describe, expect, it } from 'vitest';
import { checkPluginPackage } from '@ganvas/core';
import * as entry from './index.js';
import { nodes } from './index.js';
import packageJson from '../package.json' with { type: 'json' };

describe('@ganvas/nodes-translate', () => {
  it('loads as a plug-in: ids unique and namespaced, every param documented and defaulted', () => {
    expect(checkPluginPackage(packageJson, entry)).toEqual({ problems: [], required: [] });
  });

  it('exports its node types, namespaced i2i, version 1, with defaults for every optional param', () => {
    expect(nodes.map((n) => n.type)).toEqual(['i2i.imagePool', 'i2i.lsganLoss', 'i2i.classificationLoss', 'i2i.targetLabels', 'i2i.maskedLabels', 'i2i.sideBySide']);
    for (const n of nodes) {
      expect(n.version).toBe(1);
      expect(() => n.params.parse({})).not.toThrow();
    }
  });
});
