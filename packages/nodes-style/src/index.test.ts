import { describe, expect, it } from 'vitest';
import { checkPluginPackage } from '@ganvas/core';
import * as entry from './index.js';
import packageJson from '../package.json' with { type: 'json' };

describe('@ganvas/nodes-style entry', () => {
  it('loads as a plug-in: ids unique and namespaced, every param documented; the layer and image file must be named', () => {
    expect(checkPluginPackage(packageJson, entry)).toEqual({ problems: [], required: ['style.fixedFeatures.layer', 'style.imageFile.path'] });
  });
});
