import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bundledCatalogue } from '../training/local-registry.js';
import { startValue, subFieldsCanShow, withProperty } from './object-param.js';
import { paramFields, type ParamField } from './param-schema.js';

const fieldOf = (type: string, name: string) => paramFields(bundledCatalogue().find((d) => d.type === type)!.params).find((f) => f.name === name)!;
/** Fields as core describes a zod params schema (the same conversion, registry.ts). */
const fieldsOfZod = (schema: z.ZodType) => paramFields(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));

describe('object params as sub-fields', () => {
  it("gives optim.adam's optional lrDecay one sub-field per property, with kinds, requiredness and defaults from its schema", () => {
    const lrDecay = fieldOf('optim.adam', 'lrDecay');
    expect(lrDecay).toMatchObject({ kind: 'json', required: false, hasDefault: false });
    expect(lrDecay.fields!.map((f) => [f.name, f.kind, f.required, f.hasDefault, f.default])).toEqual([
      ['from', 'integer', true, false, undefined],
      ['to', 'integer', true, false, undefined],
      ['final', 'number', false, true, 0],
    ]);
    expect(lrDecay.fields![1]!.description).toBe('First training step at final × the learning rate.');
    // Every optimizer shares it.
    for (const type of ['optim.sgd', 'optim.rmsprop', 'optim.lbfgs']) expect(fieldOf(type, 'lrDecay').fields?.map((f) => f.name)).toEqual(['from', 'to', 'final']);
  });

  it('keeps the JSON field for objects with a nested list or object, records, and alternatives', () => {
    const by = Object.fromEntries(
      fieldsOfZod(
        z.object({
          withList: z.object({ size: z.number(), steps: z.array(z.number()) }),
          nested: z.object({ inner: z.object({ a: z.number() }) }),
          record: z.record(z.string(), z.number()),
          either: z.union([z.object({ a: z.number() }), z.object({ b: z.string() })]),
          flat: z.object({ mode: z.enum(['a', 'b']), on: z.boolean().default(true), name: z.string() }),
        }),
      ).map((f) => [f.name, f]),
    );
    for (const name of ['withList', 'nested', 'record', 'either']) {
      expect(by[name]!.kind, name).toBe('json');
      expect(by[name]!.fields, name).toBeUndefined();
    }
    expect(by.flat!.fields!.map((f) => f.kind)).toEqual(['enum', 'boolean', 'string']);
  });

  it('shows a value in sub-fields only when nothing of it would be hidden or changed', () => {
    const lrDecay = fieldOf('optim.adam', 'lrDecay');
    expect(subFieldsCanShow(lrDecay, undefined)).toBe(true);
    expect(subFieldsCanShow(lrDecay, {})).toBe(true);
    expect(subFieldsCanShow(lrDecay, { from: 100, to: 200, final: 0.1 })).toBe(true);
    expect(subFieldsCanShow(lrDecay, { from: 100, to: 200, extra: 1 })).toBe(false);
    expect(subFieldsCanShow(lrDecay, { from: '100' })).toBe(false);
    expect(subFieldsCanShow(lrDecay, { from: null })).toBe(false);
    expect(subFieldsCanShow(lrDecay, [100, 200])).toBe(false);
    expect(subFieldsCanShow(lrDecay, null)).toBe(false);
    expect(subFieldsCanShow(fieldOf('optim.adam', 'lr'), 0.001)).toBe(false);
    const flat = fieldsOfZod(z.object({ o: z.object({ mode: z.enum(['a', 'b']) }) }))[0]!;
    expect(subFieldsCanShow(flat, { mode: 'a' })).toBe(true);
    expect(subFieldsCanShow(flat, { mode: 'c' })).toBe(false);
  });

  it('starts a switched-on object from defaults, leaving required properties without one empty', () => {
    expect(startValue(fieldOf('optim.adam', 'lrDecay'))).toEqual({});
    const [withDefault] = fieldsOfZod(
      z.object({ o: z.object({ a: z.number(), b: z.boolean(), c: z.string(), d: z.number().default(3) }).default({ a: 1, b: true, c: 'x', d: 3 }) }),
    ) as [ParamField];
    expect(startValue(withDefault)).toEqual({ a: 1, b: true, c: 'x' });
    const [noDefault] = fieldsOfZod(z.object({ o: z.object({ a: z.number(), b: z.boolean() }).optional() })) as [ParamField];
    expect(startValue(noDefault)).toEqual({ b: false });
  });

  it('sets and removes one property without touching the value it was given', () => {
    const before = { from: 100 };
    expect(withProperty(before, 'to', 200)).toEqual({ from: 100, to: 200 });
    expect(withProperty(before, 'from', undefined)).toEqual({});
    expect(withProperty(undefined, 'from', 5)).toEqual({ from: 5 });
    expect(before).toEqual({ from: 100 });
  });
});
