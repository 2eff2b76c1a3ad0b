import { groupValueNames, labelNames, labelWidth, type AttributeSchema } from './attribute-schema.js';

/** How often attribute values (predicted) match the values asked for (target). */
export interface AttributeScores {
  count: number;
  /** Per attribute: share of images whose predicted value is the target value. */
  perAttribute: Record<string, number>;
  /** Share of images with every scored attribute right. */
  allCorrect: number;
}

/** Both arrays must hold `count` rows of one value per attribute; returns the number of attributes. */
function checkRows(what: string, predicted: Int32Array, target: Int32Array, count: number, schema: AttributeSchema): number {
  const groups = schema.groups.length;
  if (predicted.length !== count * groups || target.length !== count * groups) {
    throw new Error(`${what}: expected ${count} rows of ${groups} attributes, got ${predicted.length} predicted and ${target.length} target values`);
  }
  return groups;
}

/**
 * Scores `count × groups` predicted values against target values; `only` restricts the
 * attributes scored (and `allCorrect`) to those names.
 */
export function attributeScores(predicted: Int32Array, target: Int32Array, count: number, schema: AttributeSchema, only?: readonly string[]): AttributeScores {
  const groups = checkRows('attributeScores', predicted, target, count, schema);
  const scored = schema.groups.map((g) => !only || only.includes(g.name));
  const right = new Array<number>(groups).fill(0);
  let all = 0;
  for (let i = 0; i < count; i++) {
    let ok = true;
    for (let k = 0; k < groups; k++) {
      if (!scored[k]) continue;
      if (predicted[i * groups + k] === target[i * groups + k]) right[k]!++;
      else ok = false;
    }
    if (ok) all++;
  }
  const perAttribute: Record<string, number> = {};
  schema.groups.forEach((g, k) => {
    if (scored[k]) perAttribute[g.name] = count ? right[k]! / count : NaN;
  });
  return { count, perAttribute, allCorrect: count ? all / count : NaN };
}

/** Per label: share of images where (logit > 0) equals the 0/1 label — the multi-label view. */
export function perLabelAccuracy(logits: Float32Array, labels: Float32Array, count: number, schema: AttributeSchema): Record<string, number> {
  const width = labelWidth(schema);
  const names = labelNames(schema);
  const right = new Array<number>(width).fill(0);
  for (let i = 0; i < count * width; i++) if ((logits[i]! > 0 ? 1 : 0) === labels[i]) right[i % width]!++;
  return Object.fromEntries(names.map((n, j) => [n, count ? right[j]! / count : NaN]));
}

/** Share of rows whose value of each attribute is the same in `a` and `b` (e.g. targets that equal the source). */
export function sameValueShare(a: Int32Array, b: Int32Array, count: number, schema: AttributeSchema): Record<string, number> {
  return attributeScores(a, b, count, schema).perAttribute;
}

/** "colour → red"-style name of setting attribute `k` to value `v`. */
export function valueName(schema: AttributeSchema, k: number, v: number): string {
  return groupValueNames(schema.groups[k]!)[v]!;
}

/** One attribute's confusion table: `counts[t][p]` images asked for value t and classified as value p. */
export interface Confusion {
  values: string[];
  counts: number[][];
}

/** Per attribute, how the values asked for (`target`) were read (`predicted`): where the misses go. */
export function confusionTables(predicted: Int32Array, target: Int32Array, count: number, schema: AttributeSchema): Record<string, Confusion> {
  const groups = checkRows('confusionTables', predicted, target, count, schema);
  const out: Record<string, Confusion> = {};
  schema.groups.forEach((g, k) => {
    const values = groupValueNames(g);
    const counts = values.map(() => new Array<number>(values.length).fill(0));
    for (let i = 0; i < count; i++) counts[target[i * groups + k]!]![predicted[i * groups + k]!]!++;
    out[g.name] = { values, counts };
  });
  return out;
}

/**
 * Per attribute, its accuracy among the images whose target has each value of every other
 * attribute: `split.shape.size["not large"]` is how often the shape is right when a small shape was
 * asked for. NaN where no target has that value.
 */
export function accuracyByOtherTarget(predicted: Int32Array, target: Int32Array, count: number, schema: AttributeSchema): Record<string, Record<string, Record<string, number>>> {
  const groups = checkRows('accuracyByOtherTarget', predicted, target, count, schema);
  const out: Record<string, Record<string, Record<string, number>>> = {};
  schema.groups.forEach((g, k) => {
    const byOther: Record<string, Record<string, number>> = {};
    schema.groups.forEach((h, j) => {
      if (j === k) return;
      const values = groupValueNames(h);
      const right = new Array<number>(values.length).fill(0);
      const total = new Array<number>(values.length).fill(0);
      for (let i = 0; i < count; i++) {
        const v = target[i * groups + j]!;
        total[v]!++;
        if (predicted[i * groups + k] === target[i * groups + k]) right[v]!++;
      }
      byOther[h.name] = Object.fromEntries(values.map((name, v) => [name, total[v] ? right[v]! / total[v]! : NaN]));
    });
    out[g.name] = byOther;
  });
  return out;
}
