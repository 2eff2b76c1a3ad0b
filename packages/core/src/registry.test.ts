import { describe, expect, it } from 'vitest';
import { createRegistry, describeNodeTypes } from './index.js';
import { standIns } from './stand-ins.js';

const standInPlugin = { nodes: Object.values(standIns) };
const meanSquare = standIns.meanSquare;

const manifest = { apiVersion: 1 as const, namespace: 'standin', entry: 'index.js' };

describe('registry', () => {
  it('registers a plug-in and describes its nodes with JSON Schema params', () => {
    const r = createRegistry();
    const report = r.registerPlugin('tiny-plugin', manifest, standInPlugin);
    expect(report.errors).toEqual([]);
    expect(report.registered).toContain('standin.linear');
    const d = describeNodeTypes(r).find((x) => x.type === 'standin.linear')!;
    expect(d.packageName).toBe('tiny-plugin');
    expect((d.params as any).properties.units.type).toBe('integer');
  });

  it('marks node types that describe their layers as opening like a network', () => {
    const r = createRegistry();
    const withLayers = { ...meanSquare, type: 'standin.withLayers', layers: () => ({ nodes: [], edges: [] }) };
    expect(r.registerPlugin('tiny-plugin', manifest, { nodes: [meanSquare, withLayers] }).errors).toEqual([]);
    const d = describeNodeTypes(r);
    expect(d.find((x) => x.type === 'standin.withLayers')!.opensAsNetwork).toBe(true);
    expect(d.find((x) => x.type === 'standin.meanSquare')!.opensAsNetwork).toBeUndefined();
  });

  it('refuses a duplicate id naming both packages', () => {
    const r = createRegistry();
    r.registerPlugin('tiny-plugin', manifest, standInPlugin);
    const report = r.registerPlugin('other-plugin', manifest, { nodes: [meanSquare] });
    expect(report.errors[0]).toContain('defined twice: by tiny-plugin and by other-plugin');
  });

  it('refuses ids outside the namespace and malformed definitions, keeping the good ones', () => {
    const r = createRegistry();
    const report = r.registerPlugin('bad', { ...manifest, namespace: 'bad' }, {
      nodes: [meanSquare, { type: 'bad.thing', version: 0 }],
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
