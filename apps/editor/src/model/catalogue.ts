import type { NodeTypeDescription } from '@ganvas/core';

/**
 * The palette's data: node type descriptions from the runner (every installed plug-in,
 * third-party ones included) merged with the ones bundled into the page (so the editor
 * still works without a runner). The runner's entry wins for a type both have.
 */
export interface CatalogueEntry extends NodeTypeDescription {
  /** `bundled`: the page can validate and train it; `runner`: only the runner has it. */
  availability: 'bundled' | 'runner' | 'both';
}

export type Catalogue = Map<string, CatalogueEntry>;

export function mergeCatalogue(bundled: readonly NodeTypeDescription[], runner: readonly NodeTypeDescription[] | undefined): Catalogue {
  const out: Catalogue = new Map();
  for (const d of bundled) out.set(d.type, { ...d, availability: 'bundled' });
  for (const d of runner ?? []) out.set(d.type, { ...d, availability: out.has(d.type) ? 'both' : 'runner' });
  return out;
}

export const CATEGORY_ORDER = ['data', 'network', 'layer', 'loss', 'optimizer', 'training', 'math', 'output'];

/** Groups entries by category (known categories first, in a teaching order), filtered by a search. */
export function groupCatalogue(catalogue: Catalogue, query: string, onlyLayers = false): [string, CatalogueEntry[]][] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const groups = new Map<string, CatalogueEntry[]>();
  for (const e of catalogue.values()) {
    if (onlyLayers && !(e.category === 'layer' || e.type === 'core.input' || e.type === 'core.output' || e.type === 'core.network' || e.type === 'core.apply')) continue;
    const hay = `${e.type} ${e.title} ${e.description} ${e.category} ${e.packageName}`.toLowerCase();
    if (!words.every((w) => hay.includes(w))) continue;
    const list = groups.get(e.category) ?? [];
    list.push(e);
    groups.set(e.category, list);
  }
  const rank = (c: string) => (CATEGORY_ORDER.includes(c) ? CATEGORY_ORDER.indexOf(c) : CATEGORY_ORDER.length);
  return [...groups.entries()]
    .sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]))
    .map(([c, list]) => [c, list.sort((a, b) => a.title.localeCompare(b.title))]);
}
