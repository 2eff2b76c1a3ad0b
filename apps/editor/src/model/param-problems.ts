import type { Diagnostic, JsonPath } from '@ganvas/core';

/**
 * The param a diagnostic's path points at: `…nodes[i].params.<name>…` gives `name`, a path that
 * ends at `…nodes[i].params` gives '' (the params as a whole), anything else undefined. The path
 * is matched as a node's, not by looking for the word "params" anywhere, because a network
 * definition may itself be named "params" (`networks.params.nodes[0]…`).
 */
export function paramOf(path: JsonPath): string | undefined {
  for (let i = 0; i + 2 < path.length; i++) {
    if (path[i] !== 'nodes' || typeof path[i + 1] !== 'number' || path[i + 2] !== 'params') continue;
    const name = path[i + 3];
    return typeof name === 'string' ? name : '';
  }
  return undefined;
}

/** A problem shown beside a parameter field. */
export interface FieldProblem {
  severity: Diagnostic['severity'];
  text: string;
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
    const name = paramOf(d.path);
    if (name === undefined) continue;
    const problem = { severity: d.severity, text: `${d.code} ${d.message}` };
    if (!fieldNames.includes(name)) general.push(problem);
    else byName.set(name, [...(byName.get(name) ?? []), problem]);
  }
  return { byName, general };
}
