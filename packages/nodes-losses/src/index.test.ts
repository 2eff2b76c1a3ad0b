import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as pkg from './index.js';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  ganvas: { namespace: string };
};

describe('package entry', () => {
  it('lists every definition it exports, with unique ids in the package namespace', () => {
    const exported = Object.values(pkg).filter((v) => v !== pkg.nodes);
    expect(new Set(pkg.nodes)).toEqual(new Set(exported));
    const ids = pkg.nodes.map((n) => n.type);
    expect(new Set(ids).size).toBe(ids.length);
    for (const n of pkg.nodes) {
      expect(n.type.startsWith(`${manifest.ganvas.namespace}.`), n.type).toBe(true);
      expect(n.version).toBe(1);
    }
  });

  it('documents every param and gives it a default', () => {
    for (const n of pkg.nodes) {
      const shape = (n.params as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
      for (const [name, field] of Object.entries(shape)) {
        expect(field.description, `${n.type}.${name} description`).toBeTruthy();
        expect(() => field.parse(undefined), `${n.type}.${name} default`).not.toThrow();
      }
      expect(() => n.params.parse({})).not.toThrow();
    }
  });
});
