import type { GraphDocument, NetworkDef } from '@ganvas/core';
import { describe, expect, it } from 'vitest';
import { addNode, connect, copySelection, emptyDocument, freshId, paste, removeElements, saveNetworkAs } from './edit.js';
import { commit, initHistory, redo, undo } from './history.js';
import { edgeKeys, getScope } from './scope.js';

const net: NetworkDef = { title: 'G', nodes: [{ id: 'a', type: 'layers.relu', version: 1, params: {}, position: { x: 0, y: 0 } }], edges: [] };

describe('document edits', () => {
  it('adds nodes with fresh ids and never mutates the input', () => {
    const d0 = emptyDocument();
    const r1 = addNode(d0, undefined, { type: 'layers.conv2d', version: 1, position: { x: 1, y: 2 } });
    const r2 = addNode(r1.doc, undefined, { type: 'layers.conv2d', version: 1, position: { x: 1, y: 2 } });
    expect([r1.id, r2.id]).toEqual(['conv2d_1', 'conv2d_2']);
    expect(d0.nodes).toHaveLength(0);
    expect(freshId('x.9lives', new Set())).toBe('n_9lives_1');
  });

  it('removing a node removes its edges; edges are removed by key', () => {
    let d = emptyDocument();
    for (const t of ['a.x', 'a.y', 'a.z']) d = addNode(d, undefined, { type: t, version: 1, position: { x: 0, y: 0 } }).doc;
    d = connect(d, undefined, { source: 'x_1', sourcePort: 'y', target: 'y_1', targetPort: 'x' });
    d = connect(d, undefined, { source: 'y_1', sourcePort: 'y', target: 'z_1', targetPort: 'x' });
    expect(removeElements(d, undefined, ['y_1']).edges).toEqual([]);
    const key = edgeKeys(d.edges)[1]!;
    expect(removeElements(d, undefined, [], [key]).edges).toEqual([d.edges[0]]);
  });

  it('pastes with fresh ids and the internal edges rewired', () => {
    let d = emptyDocument();
    d = addNode(d, undefined, { type: 'a.x', version: 1, position: { x: 0, y: 0 } }).doc;
    d = addNode(d, undefined, { type: 'a.y', version: 1, position: { x: 0, y: 0 } }).doc;
    d = connect(d, undefined, { source: 'x_1', sourcePort: 'y', target: 'y_1', targetPort: 'x' });
    const clip = copySelection(d, undefined, new Set(['x_1', 'y_1']));
    const r = paste(d, undefined, clip, { x: 40, y: 40 });
    expect(r.ids).toEqual(['x_2', 'y_2']);
    expect(r.doc.edges[1]).toEqual({ source: 'x_2', sourcePort: 'y', target: 'y_2', targetPort: 'x' });
    expect(r.doc.nodes[2]!.position).toEqual({ x: 40, y: 40 });
  });

  it('saves an edited network as a new definition, restores the original and re-points the node', () => {
    const original = structuredClone(net);
    let d: GraphDocument = { ...emptyDocument(), networks: { G: net } };
    d = addNode(d, undefined, { type: 'core.network', version: 1, position: { x: 0, y: 0 }, params: { definition: 'G' } }).doc;
    d = addNode(d, 'G', { type: 'layers.tanh', version: 1, position: { x: 0, y: 90 } }).doc; // the edit
    const s = saveNetworkAs(d, 'G', 'G2', original, { parentScope: undefined, nodeId: 'network_1' });
    expect(getScope(s, 'G').nodes.map((n) => n.id)).toEqual(['a']);
    expect(getScope(s, 'G2').nodes.map((n) => n.id)).toEqual(['a', 'tanh_1']);
    expect(s.nodes[0]!.params.definition).toBe('G2');
    expect(() => saveNetworkAs(s, 'G2', 'G', original)).toThrow(/already has a network definition "G"/);
    expect(() => saveNetworkAs(s, 'G2', '9bad', original)).toThrow(/not a valid definition name/);
  });

  it('undo and redo walk a history of documents', () => {
    const a = emptyDocument('a');
    const b = emptyDocument('b');
    const c = emptyDocument('c');
    let h = commit(commit(initHistory(a), b), c);
    h = undo(undo(h));
    expect(h.present).toBe(a);
    h = redo(h);
    expect(h.present).toBe(b);
    expect(commit(h, a).future).toEqual([]);
    expect(commit(h, h.present)).toBe(h);
  });
});
