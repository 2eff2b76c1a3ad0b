import { describe, expect, it } from 'vitest';
import { checkPluginPackage } from '@ganvas/core';
import * as entry from './index.js';
import packageJson from '../package.json' with { type: 'json' };

describe('package entry', () => {
  it('loads as a plug-in: ids unique and namespaced, every param documented and defaulted', () => {
    expect(checkPluginPackage(packageJson, entry)).toEqual({ problems: [], required: [] });
  });

  it('lists in `nodes` every definition it exports', () => {
    expect(new Set(entry.nodes)).toEqual(new Set(Object.values(entry).filter((v) => v !== entry.nodes)));
  });
});
