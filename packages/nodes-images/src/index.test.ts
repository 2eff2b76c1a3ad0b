import { describe, expect, it } from 'vitest';
import * as api from './index.js';
import pkg from '../package.json' with { type: 'json' };

describe('@ganvas/nodes-images entry point', () => {
  it('lists every node once, in its namespace, version 1, every param documented with a default or required', () => {
    const ids = api.nodes.map((n) => n.type);
    expect(ids).toEqual([
      'images.shapes',
      'images.shapesPaired',
      'images.shapesUnpaired',
      'images.faces',
      'images.maskVector',
      'images.pairedFolder',
      'images.unpairedFolders',
      'images.attributeFolder',
    ]);
    for (const n of api.nodes) {
      expect(n.type.startsWith(`${pkg.ganvas.namespace}.`)).toBe(true);
      expect(n.version).toBe(1);
      const shape = (n.params as unknown as { shape: Record<string, { description?: string }> }).shape;
      for (const [name, field] of Object.entries(shape)) expect(field.description, `${n.type}.${name}`).toBeTruthy();
      for (const port of n.outputs) {
        if (port.contract.role === 'image') expect(port.contract.range, `${n.type}.${port.name}`).toEqual([-1, 1]);
        expect(port.contract.shape?.[0], `${n.type}.${port.name}`).toBe('B');
      }
    }
  });
});
