import type { ParamField } from './param-schema.js';

/**
 * Editing an object param through one sub-field per property (see `ParamField.fields`). The
 * value written is the same plain object the JSON field writes, key by key, so saved graphs do
 * not change shape; a property left empty is left out, as an unset top-level param is.
 */

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether one property's value can be shown in its sub-field without losing what it is. */
function fitsField(f: ParamField, v: unknown): boolean {
  if (v === undefined) return true;
  switch (f.kind) {
    case 'integer':
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'enum':
      return typeof v === 'string' && f.options!.includes(v);
    default:
      return typeof v === 'string';
  }
}

/**
 * Whether the sub-fields can show `value` faithfully: unset, or an object with only declared
 * properties, each of its field's type. Anything else (a key the schema does not know, a string
 * where a number belongs, null) keeps the JSON field so nothing in the document is hidden.
 */
export function subFieldsCanShow(field: ParamField, value: unknown): field is ParamField & { fields: ParamField[] } {
  const fields = field.fields;
  if (!fields) return false;
  if (value === undefined) return true;
  if (!isPlainObject(value)) return false;
  return Object.entries(value).every(([k, v]) => {
    const f = fields.find((x) => x.name === k);
    return f !== undefined && fitsField(f, v);
  });
}

/**
 * The value an optional object param starts from when the user switches it on: each required
 * property at its default (the property's own, else the param's default object's), a required
 * checkbox at false; other required properties stay empty, so the validator names them until
 * they are filled. Optional properties stay out and keep their defaults.
 */
export function startValue(field: ParamField): Record<string, unknown> {
  const objectDefault = isPlainObject(field.default) ? field.default : {};
  const start: Record<string, unknown> = {};
  for (const f of field.fields ?? []) {
    if (!f.required) continue;
    const v = f.hasDefault ? f.default : objectDefault[f.name] ?? (f.kind === 'boolean' ? false : undefined);
    if (v !== undefined) start[f.name] = v;
  }
  return start;
}

/** `value` with one property set, or removed when `v` is undefined; never mutates `value`. */
export function withProperty(value: unknown, key: string, v: unknown): Record<string, unknown> {
  const next = isPlainObject(value) ? { ...value } : {};
  if (v === undefined) delete next[key];
  else next[key] = v;
  return next;
}
