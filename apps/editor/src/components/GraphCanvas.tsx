import type { Diagnostic, EdgeDoc, GraphDocument, Registry } from '@ganvas/core';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  applyEdgeChanges,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { Catalogue } from '../model/catalogue.js';
import { checkConnection, type ConnectionVerdict } from '../model/connection.js';
import { addNode, connect, moveNodes, removeElements } from '../model/edit.js';
import type { ScopeName } from '../model/scope.js';
import type { ScopeDiagnostics, ValidationView } from '../model/validation.js';
import { buildEdges, buildNodes } from './build-flow.js';
import { ConnectionLine, VerdictContext, type VerdictOf } from './ConnectionLine.js';
import { GanvasNodeView } from './GanvasNodeView.js';
import type { GanvasNode, ShapeEdgeData } from './node-data.js';
import { ShapeEdge } from './ShapeEdge.js';
import { categoryColour } from './palette-colours.js';

const nodeTypes = { ganvas: GanvasNodeView };
const edgeTypes = { shape: ShapeEdge };
export const PALETTE_MIME = 'application/x-ganvas-node';

export interface GraphCanvasProps {
  doc: GraphDocument;
  scope: ScopeName;
  catalogue: Catalogue;
  registry: Registry;
  view: ValidationView;
  diags: ScopeDiagnostics;
  edit: (fn: (d: GraphDocument) => GraphDocument) => void;
  onOpen: (definition: string, nodeId: string) => void;
  onSelect: (nodeIds: string[]) => void;
  /** A connection was refused: show the reason. */
  onRefused: (reason: string) => void;
  /** Check a connection of node types only the runner knows (after the drop). */
  checkRemote: (doc: GraphDocument, edgeIndex: number) => Promise<Diagnostic[]>;
  /** A scope that cannot be edited (a network a plug-in node builds): no drag, connect, drop, delete. */
  readOnly?: boolean;
  /** Nodes to select after the next rebuild (e.g. just pasted). */
  selectIds?: string[];
}

/** The React Flow canvas of one scope of the document. */
export function GraphCanvas(p: GraphCanvasProps) {
  const { doc, scope, catalogue, registry, view, diags, onOpen, onSelect, onRefused } = p;
  const readOnly = p.readOnly ?? false;
  // Every edit of the canvas goes through here: a read-only scope drops them all.
  const edit = useCallback((fn: (d: GraphDocument) => GraphDocument) => (readOnly ? undefined : p.edit(fn)), [readOnly, p.edit]);
  const flow = useReactFlow();
  const builtNodes = useMemo(() => buildNodes(doc, scope, catalogue, view, diags, onOpen), [doc, scope, catalogue, view, diags, onOpen]);
  const builtEdges = useMemo(() => buildEdges(doc, scope, view, diags), [doc, scope, view, diags]);
  const [nodes, setNodes] = useState<GanvasNode[]>(builtNodes);
  const [edges, setEdges] = useState<Edge<ShapeEdgeData>[]>(builtEdges);

  // Rebuild from the document, keeping what the user had selected.
  const selectRef = useRef(p.selectIds);
  selectRef.current = p.selectIds;
  // Nodes whose content did not change keep their object, so React Flow and the memoised
  // node view skip them: an edit in a 300-node graph repaints only what it touched.
  const signatures = useRef(new Map<string, string>());
  useEffect(() => {
    setNodes((prev) => {
      const wanted = selectRef.current ? new Set(selectRef.current) : new Set(prev.filter((n) => n.selected).map((n) => n.id));
      const old = new Map(prev.map((n) => [n.id, n]));
      const sigs = new Map<string, string>();
      const next = builtNodes.map((n) => {
        const { onOpen: _f, ...content } = n.data;
        const sig = JSON.stringify(content);
        sigs.set(n.id, sig);
        const before = old.get(n.id);
        const selected = wanted.has(n.id);
        if (before && signatures.current.get(n.id) === sig && !!before.selected === selected && before.position.x === n.position.x && before.position.y === n.position.y) {
          return before;
        }
        return selected ? { ...n, selected: true } : n;
      });
      signatures.current = sigs;
      return next;
    });
  }, [builtNodes]);
  useEffect(() => {
    setEdges((prev) => {
      const sel = new Set(prev.filter((e) => e.selected).map((e) => e.id));
      return builtEdges.map((e) => (sel.has(e.id) ? { ...e, selected: true } : e));
    });
  }, [builtEdges]);

  const onNodesChange = useCallback((changes: NodeChange<GanvasNode>[]) => {
    // Removals go through onDelete (one undoable edit); the rest is view state.
    setNodes((ns) => applyNodeChanges(changes.filter((c) => c.type !== 'remove'), ns));
  }, []);
  const onEdgesChange = useCallback((changes: EdgeChange<Edge<ShapeEdgeData>>[]) => {
    setEdges((es) => applyEdgeChanges(changes.filter((c) => c.type !== 'remove'), es));
  }, []);

  // Verdicts per handle pair, valid for one document.
  const cache = useRef<{ doc?: GraphDocument; scope?: ScopeName; map: Map<string, ConnectionVerdict> }>({ map: new Map() });
  const verdictOf: VerdictOf = useCallback(
    (c) => {
      if (cache.current.doc !== doc || cache.current.scope !== scope) cache.current = { doc, scope, map: new Map() };
      const key = `${c.source}.${c.sourceHandle}->${c.target}.${c.targetHandle}`;
      let v = cache.current.map.get(key);
      if (!v) {
        const edge: EdgeDoc = { source: c.source, sourcePort: c.sourceHandle, target: c.target, targetPort: c.targetHandle };
        v = checkConnection(doc, scope, edge, registry, view.source === 'browser' ? view.diagnostics : undefined);
        cache.current.map.set(key, v);
      }
      return v;
    },
    [doc, scope, registry, view],
  );

  const asEdge = (c: Connection | Edge) =>
    c.sourceHandle && c.targetHandle ? { source: c.source, sourceHandle: c.sourceHandle, target: c.target, targetHandle: c.targetHandle } : undefined;

  const isValidConnection = useCallback(
    (c: Connection | Edge) => {
      const e = asEdge(c);
      return e ? verdictOf(e).ok !== false : false;
    },
    [verdictOf],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const e = asEdge(c);
      if (!e) return;
      const v = verdictOf(e);
      if (v.ok === false) {
        onRefused(v.reason);
        return;
      }
      const edge: EdgeDoc = { source: e.source, sourcePort: e.sourceHandle, target: e.target, targetPort: e.targetHandle };
      const next = connect(doc, scope, edge);
      edit(() => next);
      if (v.ok === 'unknown') {
        // Only the runner knows these node types: it decides, and a refused edge is taken back.
        const index = (scope === undefined ? next.edges : next.networks[scope]!.edges).length - 1;
        void p.checkRemote(next, index).then((errors) => {
          if (errors.length === 0) return;
          edit((d) => (d === next ? doc : d));
          onRefused(errors.map((d) => `${d.code} ${d.message}`).join('; '));
        });
      }
    },
    [verdictOf, doc, scope, edit, onRefused, p],
  );

  const onConnectEnd = useCallback(
    (_: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (!state.toHandle || state.isValid !== false || !state.fromHandle || !state.toNode) return;
      const from = state.fromHandle;
      const to = state.toHandle;
      if (!from.id || !to.id) return;
      const e =
        from.type === 'source'
          ? { source: from.nodeId, sourceHandle: from.id, target: to.nodeId, targetHandle: to.id }
          : { source: to.nodeId, sourceHandle: to.id, target: from.nodeId, targetHandle: from.id };
      const v = verdictOf(e);
      if (v.ok === false) onRefused(v.reason);
    },
    [verdictOf, onRefused],
  );

  const onDelete = useCallback(
    ({ nodes: ns, edges: es }: { nodes: GanvasNode[]; edges: Edge[] }) => {
      if (ns.length === 0 && es.length === 0) return;
      edit((d) => removeElements(d, scope, ns.map((n) => n.id), es.map((e) => e.id)));
    },
    [edit, scope],
  );

  const onNodeDragStop = useCallback(
    (_: unknown, __: GanvasNode, dragged: GanvasNode[]) => {
      const moved = new Map(dragged.map((n) => [n.id, n.position]));
      edit((d) => moveNodes(d, scope, moved));
    },
    [edit, scope],
  );

  const onSelectionChange = useCallback(({ nodes: ns }: { nodes: GanvasNode[] }) => onSelect(ns.map((n) => n.id)), [onSelect]);

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(PALETTE_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  }, []);
  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(PALETTE_MIME);
      const entry = type ? catalogue.get(type) : undefined;
      if (!entry) return;
      e.preventDefault();
      const position = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      edit((d) => addNode(d, scope, { type, version: entry.version, position, params: defaultParams(type, d) }).doc);
    },
    [catalogue, edit, flow, scope],
  );

  return (
    <VerdictContext.Provider value={verdictOf}>
      <ReactFlow<GanvasNode, Edge<ShapeEdgeData>>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        connectionLineComponent={ConnectionLine}
        onDelete={onDelete}
        onNodeDragStop={onNodeDragStop}
        onSelectionChange={onSelectionChange}
        onNodeDoubleClick={(_, n) => n.data.opens && onOpen(n.data.opens, n.id)}
        onDragOver={onDragOver}
        onDrop={onDrop}
        deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        fitView
        minZoom={0.05}
        onlyRenderVisibleElements={nodes.length > 150}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} />
        <MiniMap pannable zoomable nodeColor={(n) => categoryColour(String((n.data as { category?: string }).category))} />
        <Controls />
      </ReactFlow>
    </VerdictContext.Provider>
  );
}

/** Params a dropped node starts with: a Network node refers to the first definition. */
export function defaultParams(type: string, doc: GraphDocument): Record<string, unknown> {
  if (type === 'core.network') {
    const first = Object.keys(doc.networks)[0];
    return first ? { definition: first } : {};
  }
  return {};
}
