import { groupValueNames, labelNames, labelWidth, type AttributeSchema } from './attribute-schema.js';

/** How often attribute values (predicted) match the values asked for (target). */
export interface AttributeScores {
  count: number;
  /** Per attribute: share of images whose predicted value is the target value. */
  perAttribute: Record<string, number>;
  /** Share of images with every scored attribute right. */
  allCorrect: number;
}

/**
 * Scores `count × groups` predicted values against target values; `only` restricts the
 * attributes scored (and `allCorrect`) to those names.
 */
export function attributeScores(predicted: Int32Array, target: Int32Array, count: number, schema: AttributeSchema, only?: readonly string[]): AttributeScores {
  const groups = schema.groups.length;
  if (predicted.length !== count * groups || target.length !== count * groups) {
    throw new Error(`attributeScores: expected ${count} rows of ${groups} attributes, got ${predicted.length} predicted and ${target.length} target values`);
  }
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
