import { describe, expect, it } from 'vitest';
import * as api from './index.js';
import pkg from '../package.json' with { type: 'json' };
import { checkPluginPackage } from '@ganvas/core';

/** The real-data loaders need to be told where the files are; the synthetic sets need nothing. */
const REQUIRED = ['images.pairedFolder.folder', 'images.unpairedFolders.folder', 'images.attributeFolder.folder', 'images.attributeFolder.attributeFile'];

describe('@ganvas/nodes-images entry point', () => {
  it('loads as a plug-in: ids unique and namespaced, every param documented; lists the params a graph must set', () => {
    expect(checkPluginPackage(pkg, api)).toEqual({ problems: [], required: REQUIRED });
  });

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

describe('browser safety', () => {
  it('only the Node-only modules import node:, resvg, pngjs or jpeg-js; the rest load them lazily', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const here = path.dirname(new URL(import.meta.url).pathname);
    const nodeOnly = new Set(['folder/decode.ts', 'faces/render-face.ts', 'faces/face-disk-cache.ts']);
    const files = (await readdir(here, { recursive: true })).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !path.basename(f).startsWith('test-'),
    );
    expect(files.length).toBeGreaterThan(15);
    for (const file of files) {
      const text = await readFile(path.join(here, file), 'utf8');
      const staticImports = [...text.matchAll(/^import [^;]*? from '([^']+)'/gm)].map((m) => m[1]!);
      const native = staticImports.filter((s) => /^node:|^@resvg|^pngjs|^jpeg-js/.test(s));
      if (nodeOnly.has(file)) continue;
      expect(native, file).toEqual([]);
    }
  });
});
