import { NETWORK_TYPE, type Diagnostic, type GraphDocument } from '@ganvas/core';
import { diagnosticsOfScope } from './validation.js';

/**
 * The diagnostics inside each network definition of `doc`, including those of the definitions it
 * uses through its own Network nodes (definitions nest by reference, so a warning two levels down
 * still concerns the outer network). The canvas marks the nodes that open a definition with
 * these, so a problem inside is visible from the level above without core inventing a
 * diagnostic for it (core reports errors there as E019 on the Network node, nothing for warnings).
 */
export function problemsInside(doc: GraphDocument, diagnostics: readonly Diagnostic[]): Map<string, Diagnostic[]> {
  const own = new Map<string, Diagnostic[]>();
  for (const name of Object.keys(doc.networks)) own.set(name, diagnosticsOfScope(diagnostics, name).all);
  const uses = (name: string): string[] =>
    (doc.networks[name]?.nodes ?? []).flatMap((n) => (n.type === NETWORK_TYPE && typeof n.params.definition === 'string' ? [n.params.definition] : []));
  const out = new Map<string, Diagnostic[]>();
  for (const name of own.keys()) {
    // Breadth-first over the definitions reachable from `name`; `seen` stops self-reference.
    const seen = new Set([name]);
    const queue = [name];
    const found: Diagnostic[] = [];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      found.push(...(own.get(next) ?? []));
      for (const used of uses(next)) {
        if (seen.has(used)) continue;
        seen.add(used);
        queue.push(used);
      }
    }
    out.set(name, found);
  }
  return out;
}
