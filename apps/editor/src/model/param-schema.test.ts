import { describe, expect, it } from 'vitest';
import { bundledCatalogue } from '../training/local-registry.js';
import { checkValue, paramFields, parseInput } from './param-schema.js';

const schemaOf = (type: string) => bundledCatalogue().find((d) => d.type === type)!.params;

describe('parameter forms from JSON Schema', () => {
  it('derives field kinds, defaults and required flags from a node type', () => {
    const fields = paramFields(schemaOf('layers.conv2d'));
    const by = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(by.filters).toMatchObject({ kind: 'integer', required: true, hasDefault: false });
    expect(by.init).toMatchObject({ kind: 'enum', options: ['torch', 'normal', 'glorot'], default: 'torch' });
    expect(by.useBias).toMatchObject({ kind: 'boolean', default: true });
    expect(by.kernelSize!.kind).toBe('json');
    expect(paramFields(schemaOf('optim.schedule'))[0]).toMatchObject({ name: 'repeat', kind: 'list' });
  });

  it('parses typed text and reports what breaks the schema', () => {
    const by = Object.fromEntries(paramFields(schemaOf('layers.conv2d')).map((f) => [f.name, f]));
    expect(parseInput(by.filters!, '32')).toEqual({ value: 32 });
    expect(parseInput(by.filters!, 'abc')).toEqual({ error: '"abc" is not a number' });
    expect(parseInput(by.filters!, '')).toEqual({ value: undefined });
    expect(parseInput(by.kernelSize!, '[4, 4]')).toEqual({ value: [4, 4] });
    expect(parseInput(by.padding!, 'same')).toEqual({ value: 'same' });
    expect(checkValue(by.filters!.schema, 0, 'filters')).toBe('filters must be > 0');
    expect(checkValue(by.filters!.schema, 2.5, 'filters')).toBe('filters must be an integer');
    expect(checkValue(by.kernelSize!.schema, [4, 4], 'kernelSize')).toBeUndefined();
    expect(checkValue(by.kernelSize!.schema, [4, 4, 4], 'kernelSize')).toMatch(/kernelSize/);
    const repeat = paramFields(schemaOf('optim.schedule'))[0]!;
    expect(parseInput(repeat, '5, 1')).toEqual({ value: [5, 1] });
  });
});
