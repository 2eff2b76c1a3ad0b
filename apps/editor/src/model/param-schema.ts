/**
 * Parameter forms from the JSON Schema the catalogue gives for each node type's params
 * (core converts the zod schema), so third-party nodes get forms without editor code.
 * Only the JSON Schema subset zod emits for params is interpreted; anything else falls back
 * to a JSON text field, which still round-trips.
 */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
}

export type FieldKind = 'integer' | 'number' | 'boolean' | 'enum' | 'string' | 'list' | 'json';

export interface ParamField {
  name: string;
  kind: FieldKind;
  schema: JsonSchema;
  required: boolean;
  default?: unknown;
  hasDefault: boolean;
  description?: string;
  options?: string[];
  /**
   * One field per property when the param is an object whose properties are all scalars
   * (e.g. an optimizer's `lrDecay: { from, to, final }`), so the form can show them one by one;
   * absent for any other object, which keeps the JSON text field.
   */
  fields?: ParamField[];
}

function typeOf(s: JsonSchema): string | undefined {
  return Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
}

export function fieldKind(s: JsonSchema): FieldKind {
  if (s.enum && s.enum.every((v) => typeof v === 'string')) return 'enum';
  const t = typeOf(s);
  if (t === 'integer' || t === 'number' || t === 'boolean' || t === 'string') return t;
  if (t === 'array' && !s.prefixItems && s.items && ['integer', 'number', 'string', undefined].includes(typeOf(s.items))) return 'list';
  return 'json';
}

const SCALAR_KINDS: readonly FieldKind[] = ['integer', 'number', 'boolean', 'enum', 'string'];

/**
 * The fields of an object schema's properties when every one is a scalar a single input can
 * edit; undefined for nested objects or lists, alternatives (anyOf), or an object without
 * declared properties (a record), none of which sub-fields can show faithfully.
 */
function scalarSubFields(s: JsonSchema): ParamField[] | undefined {
  if (typeOf(s) !== 'object' || s.anyOf || s.oneOf || !s.properties) return undefined;
  const fields = paramFields(s);
  return fields.length > 0 && fields.every((f) => SCALAR_KINDS.includes(f.kind)) ? fields : undefined;
}

export function paramFields(schema: unknown): ParamField[] {
  const s = (schema ?? {}) as JsonSchema;
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties ?? {}).map(([name, prop]) => {
    const kind = fieldKind(prop);
    const fields = kind === 'json' ? scalarSubFields(prop) : undefined;
    return {
      name,
      kind,
      schema: prop,
      required: required.has(name),
      hasDefault: 'default' in prop,
      ...('default' in prop ? { default: prop.default } : {}),
      ...(prop.description ? { description: prop.description } : {}),
      ...(kind === 'enum' ? { options: prop.enum as string[] } : {}),
      ...(fields ? { fields } : {}),
    };
  });
}

/** The text an input shows for a value. */
export function formatValue(field: ParamField, value: unknown): string {
  if (value === undefined) return '';
  if (field.kind === 'list' && Array.isArray(value)) return value.join(', ');
  if (field.kind === 'json') return JSON.stringify(value);
  return String(value);
}

/** Text typed in an input → the value stored in params (`undefined`: leave unset, use the default). */
export function parseInput(field: ParamField, text: string): { value: unknown } | { error: string } {
  const t = text.trim();
  if (t === '') return { value: undefined };
  switch (field.kind) {
    case 'integer':
    case 'number': {
      const n = Number(t);
      if (!Number.isFinite(n)) return { error: `"${t}" is not a number` };
      return { value: n };
    }
    case 'list': {
      const itemType = field.schema.items ? typeOf(field.schema.items) : undefined;
      const parts = t.replace(/^\[|\]$/g, '').split(',').map((p) => p.trim().replace(/^"|"$/g, '')).filter((p) => p !== '');
      return {
        value: parts.map((p) => (itemType === 'string' ? p : itemType === undefined && !/^-?\d/.test(p) ? p : Number(p))),
      };
    }
    case 'json':
      try {
        return { value: JSON.parse(t) };
      } catch {
        // A bare word is a string (e.g. padding "same" in an anyOf of string enum and integer).
        return /^[A-Za-z_][\w-]*$/.test(t) ? { value: t } : { error: `"${t}" is not valid JSON` };
      }
    default:
      return { value: t };
  }
}

/** A message for a value that breaks the schema (the validator gives the authoritative one). */
export function checkValue(schema: JsonSchema, value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (schema.anyOf ?? schema.oneOf) {
    const alts = (schema.anyOf ?? schema.oneOf)!;
    const msgs = alts.map((a) => checkValue(a, value, name));
    return msgs.some((m) => m === undefined) ? undefined : msgs[0];
  }
  if (schema.enum && !schema.enum.includes(value)) return `${name} must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  const t = typeOf(schema);
  if ((t === 'number' || t === 'integer') && typeof value !== 'number') return `${name} must be a number`;
  if (typeof value === 'number') {
    if (t === 'integer' && !Number.isInteger(value)) return `${name} must be an integer`;
    if (schema.minimum !== undefined && value < schema.minimum) return `${name} must be ≥ ${schema.minimum}`;
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return `${name} must be > ${schema.exclusiveMinimum}`;
    if (schema.maximum !== undefined && value > schema.maximum) return `${name} must be ≤ ${schema.maximum}`;
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return `${name} must be < ${schema.exclusiveMaximum}`;
  }
  if (t === 'string' && typeof value !== 'string') return `${name} must be text`;
  if (typeof value === 'string' && schema.pattern && !new RegExp(schema.pattern).test(value)) return `${name} must match ${schema.pattern}`;
  if (t === 'boolean' && typeof value !== 'boolean') return `${name} must be true or false`;
  if (t === 'array') {
    if (!Array.isArray(value)) return `${name} must be a list`;
    if (schema.minItems !== undefined && value.length < schema.minItems) return `${name} needs at least ${schema.minItems} items`;
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return `${name} takes at most ${schema.maxItems} items`;
    for (let i = 0; i < value.length; i++) {
      const item = schema.prefixItems?.[i] ?? (schema.items || undefined);
      const m = item ? checkValue(item, value[i], `${name}[${i}]`) : undefined;
      if (m) return m;
    }
  }
  return undefined;
}
