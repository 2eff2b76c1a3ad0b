import type { Diagnostic, JsonPath } from '@ganvas/core';

/**
 * The param a diagnostic's path points at: `…nodes[i].params.<name>…` gives `name`, a path that
 * ends at `…nodes[i].params` gives '' (the params as a whole), anything else undefined. The path
 * is matched as a node's, not by looking for the word "params" anywhere, because a network
 * definition may itself be named "params" (`networks.params.nodes[0]…`).
 */
export function paramOf(path: JsonPath): string | undefined {
  return paramPathOf(path)?.name;
}

/**
 * Like {@link paramOf}, with the rest of the path inside that param: `…params.lrDecay.to` gives
 * `{ name: 'lrDecay', inner: ['to'] }`, so a form that shows the param's parts can place it.
 */
export function paramPathOf(path: JsonPath): { name: string; inner: JsonPath } | undefined {
  for (let i = 0; i + 2 < path.length; i++) {
    if (path[i] !== 'nodes' || typeof path[i + 1] !== 'number' || path[i + 2] !== 'params') continue;
    const name = path[i + 3];
    return typeof name === 'string' ? { name, inner: path.slice(i + 4) } : { name: '', inner: [] };
  }
  return undefined;
}

/** A problem shown beside a parameter field. */
export interface FieldProblem {
  severity: Diagnostic['severity'];
  text: string;
  /** Where inside the param's value it points (`['to']` for `lrDecay.to`); absent: the value as a whole. */
  inner?: JsonPath;
}

/**
 * A node's diagnostics sorted to the fields of its parameter form: by param name, and `general`
 * for those about the params as a whole or about a key the form has no field for. Each keeps its
 * severity (a W001 on `useBias` is advice, not an error) and its code, as in the Problems list.
 */
export function problemsByParam(diagnostics: readonly Diagnostic[], fieldNames: readonly string[]): { byName: Map<string, FieldProblem[]>; general: FieldProblem[] } {
  const byName = new Map<string, FieldProblem[]>();
  const general: FieldProblem[] = [];
  for (const d of diagnostics) {
    const at = paramPathOf(d.path);
    if (at === undefined) continue;
    const { name, inner } = at;
    const problem: FieldProblem = { severity: d.severity, text: `${d.code} ${d.message}`, ...(inner.length ? { inner } : {}) };
    if (!fieldNames.includes(name)) general.push(problem);
    else byName.set(name, [...(byName.get(name) ?? []), problem]);
  }
  return { byName, general };
}

/**
 * A param's problems sorted to the properties of its value (the sub-fields of an object param):
 * by property name, and `general` for those about the value as a whole or a property without a
 * sub-field (an unknown key), shown beside the group instead.
 */
export function problemsByProperty(problems: readonly FieldProblem[], propertyNames: readonly string[]): { byName: Map<string, FieldProblem[]>; general: FieldProblem[] } {
  const byName = new Map<string, FieldProblem[]>();
  const general: FieldProblem[] = [];
  for (const p of problems) {
    const [key, ...rest] = p.inner ?? [];
    if (typeof key !== 'string' || !propertyNames.includes(key)) {
      general.push(p);
      continue;
    }
    const { inner: _, ...problem } = p;
    byName.set(key, [...(byName.get(key) ?? []), rest.length ? { ...problem, inner: rest } : problem]);
  }
  return { byName, general };
}
