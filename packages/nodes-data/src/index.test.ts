import { describe, expect, it } from 'vitest';
import { checkPluginPackage } from '@ganvas/core';
import * as api from './index.js';
import packageJson from '../package.json' with { type: 'json' };

describe('@ganvas/nodes-data', () => {
  it('exports its node list, each node by name, and nothing else by accident', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "fashionMnist",
        "gaussianNoise",
        "loadFashionMnist",
        "loadMnist",
        "mnist",
        "nodes",
        "oneHot",
        "randomLabels",
        "uniformNoise",
        "zGaussianNoiseParams",
        "zImageSourceParams",
        "zOneHotParams",
        "zRandomLabelsParams",
        "zUniformNoiseParams",
      ]
    `);
  });

  it('loads as a plug-in: ids unique and namespaced, every param documented and defaulted', () => {
    expect(checkPluginPackage(packageJson, api)).toEqual({ problems: [], required: [] });
  });

  it('lists every node once, namespaced `data.`, version 1, category data, params with defaults', () => {
    const types = api.nodes.map((n) => n.type);
    expect(types).toEqual([
      'data.mnist',
      'data.fashionMnist',
      'data.gaussianNoise',
      'data.uniformNoise',
      'data.randomLabels',
      'data.oneHot',
    ]);
    expect(new Set(types).size).toBe(types.length);
    for (const def of api.nodes) {
      expect(def.version).toBe(1);
      expect(def.category).toBe('data');
      expect(def.title.length).toBeGreaterThan(0);
      expect(def.description.length).toBeGreaterThan(0);
      // Parsing no params gives a complete set of defaults.
      expect(def.params.safeParse({}).success).toBe(true);
    }
  });
});
