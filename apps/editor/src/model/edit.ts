import type { EdgeDoc, GraphDocument, NetworkDef, NodeDoc } from '@ganvas/core';
import { CURRENT_SCHEMA_VERSION, DOCUMENT_FORMAT } from '@ganvas/core';
import { edgeKeys, getScope, updateScope, type ScopeName } from './scope.js';

/**
 * Document edits as pure functions: each takes a document and returns a new one, so undo is
 * just a history of documents and nothing in the UI mutates shared state.
 */

export function emptyDocument(name = 'untitled'): GraphDocument {
  return {
    format: DOCUMENT_FORMAT,
    schemaVersion: CURRENT_SCHEMA_VERSION,
    name,
    description: '',
    training: { batchSize: 64, steps: 1000, seed: 0, sampleEvery: 200, checkpointEvery: 500 },
    nodes: [],
    edges: [],
    networks: {},
  };
}

/** A fresh node id from the type's short name (`layers.conv2d` → `conv2d_3`), unique in `taken`. */
export function freshId(type: string, taken: ReadonlySet<string>): string {
  const short = (type.split('.').pop() ?? 'node').replace(/[^A-Za-z0-9_]/g, '_');
  const base = /^[A-Za-z_]/.test(short) ? short : `n_${short}`;
  for (let i = 1; ; i++) {
    const id = `${base}_${i}`;
    if (!taken.has(id)) return id;
  }
}

export function addNode(
  doc: GraphDocument,
  scope: ScopeName,
  node: { type: string; version: number; position: { x: number; y: number }; params?: Record<string, unknown> },
): { doc: GraphDocument; id: string } {
  const taken = new Set(getScope(doc, scope).nodes.map((n) => n.id));
  const id = freshId(node.type, taken);
  const added: NodeDoc = { id, type: node.type, version: node.version, params: node.params ?? {}, position: node.position };
  return { doc: updateScope(doc, scope, (g) => ({ ...g, nodes: [...g.nodes, added] })), id };
}

/** Removes nodes (with every edge touching them) and edges given by their keys. */
export function removeElements(doc: GraphDocument, scope: ScopeName, nodeIds: Iterable<string>, edgeKeysToRemove: Iterable<string> = []): GraphDocument {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeKeysToRemove);
  return updateScope(doc, scope, (g) => {
    const keys = edgeKeys(g.edges);
    return {
      nodes: g.nodes.filter((n) => !nodes.has(n.id)),
      edges: g.edges.filter((e, i) => !nodes.has(e.source) && !nodes.has(e.target) && !edges.has(keys[i]!)),
    };
  });
}

export function connect(doc: GraphDocument, scope: ScopeName, edge: EdgeDoc): GraphDocument {
  return updateScope(doc, scope, (g) => ({ ...g, edges: [...g.edges, edge] }));
}

export function setParams(doc: GraphDocument, scope: ScopeName, nodeId: string, params: Record<string, unknown>): GraphDocument {
  return updateScope(doc, scope, (g) => ({ ...g, nodes: g.nodes.map((n) => (n.id === nodeId ? { ...n, params } : n)) }));
}

export function setLabel(doc: GraphDocument, scope: ScopeName, nodeId: string, label: string): GraphDocument {
  return updateScope(doc, scope, (g) => ({
    ...g,
    nodes: g.nodes.map((n) => {
      if (n.id !== nodeId) return n;
      const { label: _old, ...rest } = n;
      return label ? { ...rest, label } : rest;
    }),
  }));
}

export function moveNodes(doc: GraphDocument, scope: ScopeName, positions: ReadonlyMap<string, { x: number; y: number }>): GraphDocument {
  return updateScope(doc, scope, (g) => ({
    ...g,
    nodes: g.nodes.map((n) => {
      const p = positions.get(n.id);
      return p ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n;
    }),
  }));
}

/** What copy puts on the clipboard: nodes plus the edges between them. */
export interface Clip {
  nodes: NodeDoc[];
  edges: EdgeDoc[];
}

export function copySelection(doc: GraphDocument, scope: ScopeName, nodeIds: ReadonlySet<string>): Clip {
  const g = getScope(doc, scope);
  return {
    nodes: g.nodes.filter((n) => nodeIds.has(n.id)),
    edges: g.edges.filter((e) => nodeIds.has(e.source) && nodeIds.has(e.target)),
  };
}

/** Pastes a clip with fresh ids, shifted by `offset`; returns the new ids to select. */
export function paste(doc: GraphDocument, scope: ScopeName, clip: Clip, offset: { x: number; y: number }): { doc: GraphDocument; ids: string[] } {
  const taken = new Set(getScope(doc, scope).nodes.map((n) => n.id));
  const rename = new Map<string, string>();
  for (const n of clip.nodes) {
    const id = taken.has(n.id) ? freshId(n.type, taken) : n.id;
    taken.add(id);
    rename.set(n.id, id);
  }
  const nodes = clip.nodes.map((n) => ({
    ...structuredClone(n),
    id: rename.get(n.id)!,
    position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
  }));
  const edges = clip.edges.map(({ id: _id, ...e }) => ({ ...e, source: rename.get(e.source)!, target: rename.get(e.target)! }));
  return {
    doc: updateScope(doc, scope, (g) => ({ nodes: [...g.nodes, ...nodes], edges: [...g.edges, ...edges] })),
    ids: nodes.map((n) => n.id),
  };
}

/**
 * "Save as new definition": the network definition being edited (`scope`) is stored under
 * `newName`, the original definition gets back the content it had when it was opened
 * (`original`), and the network node the user came through (if any, in `parentScope`) now
 * refers to the new definition. Other users of the original keep the original.
 */
export function saveNetworkAs(
  doc: GraphDocument,
  scope: string,
  newName: string,
  original: NetworkDef | undefined,
  via?: { parentScope: ScopeName; nodeId: string },
): GraphDocument {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(newName)) throw new Error(`"${newName}" is not a valid definition name (letters, digits, _ and -; starts with a letter or _)`);
  if (doc.networks[newName]) throw new Error(`the document already has a network definition "${newName}"`);
  const edited = doc.networks[scope];
  if (!edited) throw new Error(`no network definition "${scope}"`);
  const title = edited.title ? `${edited.title} (${newName})` : newName;
  let next: GraphDocument = {
    ...doc,
    networks: { ...doc.networks, [newName]: { ...structuredClone(edited), title }, ...(original ? { [scope]: original } : {}) },
  };
  if (via) {
    next = updateScope(next, via.parentScope, (g) => ({
      ...g,
      nodes: g.nodes.map((n) => (n.id === via.nodeId ? { ...n, params: { ...n.params, definition: newName } } : n)),
    }));
  }
  return next;
}
