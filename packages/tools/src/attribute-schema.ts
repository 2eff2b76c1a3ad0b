import { z } from 'zod';

/**
 * What an attribute vector means: consecutive groups of entries, each either a one-hot group
 * (colour ∈ {red, green, blue, yellow}: exactly one entry is 1) or a binary attribute (large:
 * one entry, 0 or 1). StarGAN's label vectors are made of these; an "attribute" in the metrics
 * is a group, so hair colour is one attribute with three values, not three independent labels.
 */
export const zAttributeGroup = z
  .strictObject({
    name: z.string().min(1).describe('Attribute name, e.g. "colour", "male"'),
    kind: z.enum(['onehot', 'binary']).describe('onehot: one of several entries is 1; binary: one entry, 0 or 1'),
    labels: z.array(z.string().min(1)).min(1).describe('Names of the entries, in vector order'),
  })
  .refine((g) => (g.kind === 'binary' ? g.labels.length === 1 : g.labels.length >= 2), {
    message: 'a binary attribute has exactly one label, a one-hot attribute at least two',
  });
export type AttributeGroup = z.infer<typeof zAttributeGroup>;

export const zAttributeSchema = z
  .strictObject({ groups: z.array(zAttributeGroup).min(1) })
  .refine((s) => new Set(s.groups.map((g) => g.name)).size === s.groups.length, { message: 'attribute names must not repeat' });
export type AttributeSchema = z.infer<typeof zAttributeSchema>;

/** Entry names in vector order. */
export function labelNames(schema: AttributeSchema): string[] {
  return schema.groups.flatMap((g) => g.labels);
}

export function labelWidth(schema: AttributeSchema): number {
  return schema.groups.reduce((n, g) => n + g.labels.length, 0);
}

/** Where each group starts in the vector. */
export function groupOffsets(schema: AttributeSchema): number[] {
  let at = 0;
  return schema.groups.map((g) => {
    const start = at;
    at += g.labels.length;
    return start;
  });
}

/** Values an attribute takes: a one-hot group's labels; a binary attribute's "not x" and "x". */
export function groupValueNames(group: AttributeGroup): string[] {
  return group.kind === 'onehot' ? [...group.labels] : [`not ${group.labels[0]}`, group.labels[0]!];
}

/**
 * Each row's value of each attribute (`count × groups`): the arg-max of a one-hot group's
 * entries, 1 when a binary entry is above `threshold`. Works on 0/1 labels (threshold ½) and
 * on logits (threshold 0) alike.
 */
export function groupValues(rows: ArrayLike<number>, count: number, schema: AttributeSchema, threshold = 0.5): Int32Array {
  const width = labelWidth(schema);
  if (rows.length !== count * width) throw new Error(`attribute values: ${rows.length} values are not ${count} rows of ${width}`);
  const offsets = groupOffsets(schema);
  const out = new Int32Array(count * schema.groups.length);
  for (let i = 0; i < count; i++) {
    schema.groups.forEach((g, k) => {
      const at = i * width + offsets[k]!;
      let v = 0;
      if (g.kind === 'binary') v = rows[at]! > threshold ? 1 : 0;
      else for (let j = 1; j < g.labels.length; j++) if (rows[at + j]! > rows[at + v]!) v = j;
      out[i * schema.groups.length + k] = v;
    });
  }
  return out;
}

/** Writes value `v` of group `k` into a label row at `at` (one-hot entries cleared first). */
export function setGroupValue(row: Float32Array, at: number, schema: AttributeSchema, k: number, v: number): void {
  const g = schema.groups[k]!;
  const start = at + groupOffsets(schema)[k]!;
  if (g.kind === 'binary') row[start] = v;
  else for (let j = 0; j < g.labels.length; j++) row[start + j] = j === v ? 1 : 0;
}
