import { describe, expect, it } from 'vitest';
import { createRegistry, describeNodeTypes } from './index.js';
import { tinyPlugin, tinyMse } from './test-support/tiny-plugin.js';

const manifest = { apiVersion: 1 as const, namespace: 'tiny', entry: 'index.js' };

describe('registry', () => {
  it('registers a plug-in and describes its nodes with JSON Schema params', () => {
    const r = createRegistry();
    const report = r.registerPlugin('tiny-plugin', manifest, tinyPlugin);
    expect(report.errors).toEqual([]);
    expect(report.registered).toContain('tiny.linear');
    const d = describeNodeTypes(r).find((x) => x.type === 'tiny.linear')!;
    expect(d.packageName).toBe('tiny-plugin');
    expect((d.params as any).properties.units.type).toBe('integer');
  });

  it('marks node types that describe their layers as opening like a network', () => {
    const r = createRegistry();
    const withLayers = { ...tinyMse, type: 'tiny.withLayers', layers: () => ({ nodes: [], edges: [] }) };
    expect(r.registerPlugin('tiny-plugin', manifest, { nodes: [tinyMse, withLayers] }).errors).toEqual([]);
    const d = describeNodeTypes(r);
    expect(d.find((x) => x.type === 'tiny.withLayers')!.opensAsNetwork).toBe(true);
    expect(d.find((x) => x.type === 'tiny.mse')!.opensAsNetwork).toBeUndefined();
  });

  it('refuses a duplicate id naming both packages', () => {
    const r = createRegistry();
    r.registerPlugin('tiny-plugin', manifest, tinyPlugin);
    const report = r.registerPlugin('other-plugin', manifest, { nodes: [tinyMse] });
    expect(report.errors[0]).toContain('defined twice: by tiny-plugin and by other-plugin');
  });

  it('refuses ids outside the namespace and malformed definitions, keeping the good ones', () => {
    const r = createRegistry();
    const report = r.registerPlugin('bad', { ...manifest, namespace: 'bad' }, {
      nodes: [tinyMse, { type: 'bad.thing', version: 0 }],
    });
    expect(report.registered).toEqual([]);
    expect(report.errors[0]).toContain('outside the package\'s namespace "bad"');
    expect(report.errors[1]).toContain('"bad.thing" is invalid at version');
  });

  it('refuses a module without a nodes array', () => {
    const r = createRegistry();
    expect(() => r.registerPlugin('x', manifest, {})).toThrow('does not export a "nodes" array');
  });
});
