import { describe, expect, it } from 'vitest';
import { checkPluginPackage } from '@ganvas/core';
import * as entry from './index.js';
import packageJson from '../package.json' with { type: 'json' };

describe('@ganvas/nodes-gan entry', () => {
  it('loads as a plug-in: ids unique and namespaced, every param documented and defaulted', () => {
    expect(checkPluginPackage(packageJson, entry)).toEqual({ problems: [], required: [] });
  });
});
