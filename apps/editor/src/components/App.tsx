import { parseDocument, type Diagnostic, type GraphDocument, type NetworkDef } from '@ganvas/core';
import { useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { runner } from '../api/runner-client.js';
import { useCatalogue } from '../hooks/useCatalogue.js';
import { useHistory } from '../hooks/useHistory.js';
import { useKeyboard } from '../hooks/useKeyboard.js';
import { useRun } from '../hooks/useRun.js';
import { useValidation } from '../hooks/useValidation.js';
import { addNode, copySelection, emptyDocument, paste, removeElements, saveNetworkAs, setLabel, setParams, type Clip } from '../model/edit.js';
import { countProblems, verdict } from '../model/problem-counts.js';
import { getScope, isBuiltScope, type ScopeName } from '../model/scope.js';
import { diagnosticsOfScope, edgeIndexOf, validateLocally } from '../model/validation.js';
import { downloadJson, loadFromBrowser, saveToBrowser } from '../storage.js';
import { localRegistry } from '../training/local-registry.js';
import { Breadcrumb } from './Breadcrumb.js';
import { DiagnosticsList } from './DiagnosticsList.js';
import { defaultParams, GraphCanvas } from './GraphCanvas.js';
import { Inspector } from './Inspector.js';
import { Palette } from './Palette.js';
import { TemplatesGallery } from './TemplatesGallery.js';
import { Toasts, type Toast } from './Toasts.js';
import { Toolbar } from './Toolbar.js';
import { TrainingPanel } from './TrainingPanel.js';

/** The layer graph of a node-built network, as fetched when it was opened (read-only). */
interface BuiltNetwork {
  type: string;
  definition: NetworkDef;
}

/** An opened network: which definition, through which node, and its content when opened. */
interface OpenedNetwork {
  definition: string;
  via?: { parentScope: ScopeName; nodeId: string };
  original?: NetworkDef;
}

export function App() {
  const registry = localRegistry();
  const history = useHistory(() => loadFromBrowser() ?? emptyDocument());
  const { doc, edit } = history;
  const { catalogue, runnerOnline, error: catalogueError } = useCatalogue();
  const view = useValidation(doc, runnerOnline);
  const [stack, setStack] = useState<OpenedNetwork[]>([]);
  const scope: ScopeName = stack[stack.length - 1]?.definition;
  // Node-built networks opened so far, by scope name; shown through `shown`, never saved.
  const [built, setBuilt] = useState<Record<string, BuiltNetwork>>({});
  const readOnly = isBuiltScope(scope);
  const builtHere = scope !== undefined ? built[scope] : undefined;
  const shown = useMemo<GraphDocument>(() => {
    const extra = stack.filter((s) => built[s.definition]);
    if (extra.length === 0) return doc;
    return { ...doc, networks: { ...doc.networks, ...Object.fromEntries(extra.map((s) => [s.definition, built[s.definition]!.definition])) } };
  }, [doc, stack, built]);
  const diags = useMemo(() => diagnosticsOfScope(view.diagnostics, scope), [view.diagnostics, scope]);
  const [selected, setSelected] = useState<string[]>([]);
  const [selectIds, setSelectIds] = useState<string[] | undefined>();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [showTemplates, setShowTemplates] = useState(false);
  const clip = useRef<Clip | undefined>(undefined);
  const flow = useReactFlow();
  const training = useRun();

  const toast = useCallback((kind: Toast['kind'], text: string) => {
    const id = Date.now() + Math.random();
    setToasts((t) => [...t.slice(-3), { id, kind, text }]);
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), kind === 'error' ? 9000 : 3500);
  }, []);

  // Undo can remove the network being looked at: go back up to what still exists.
  useEffect(() => {
    const gone = (x: OpenedNetwork) => !doc.networks[x.definition] && !built[x.definition];
    if (stack.some(gone)) setStack((s) => s.slice(0, s.findIndex(gone)));
  }, [doc, stack, built]);

  const fit = useCallback(() => setTimeout(() => flow.fitView({ padding: 0.15, duration: 0 }), 30), [flow]);

  const openNetwork = useCallback(
    (definition: string, nodeId: string) => {
      if (isBuiltScope(definition)) {
        // Fetched on every open: the node's params may have changed since last time.
        const node = getScope(shown, scope).nodes.find((n) => n.id === nodeId);
        if (!node) return;
        const parentScope = scope;
        void runner
          .nodeLayers(node.type, node.params)
          .then(({ definition: def }) => {
            setBuilt((b) => ({ ...b, [definition]: { type: node.type, definition: def } }));
            setStack((s) => (s[s.length - 1]?.definition === parentScope ? [...s, { definition, via: { parentScope, nodeId } }] : s));
            setSelected([]);
            fit();
          })
          .catch((e: unknown) => toast('error', `Cannot open ${nodeId}: ${(e as Error).message}`));
        return;
      }
      setStack((s) => [...s, { definition, via: { parentScope: s[s.length - 1]?.definition, nodeId }, original: structuredClone(doc.networks[definition]) }]);
      setSelected([]);
      fit();
    },
    [doc, shown, scope, fit, toast],
  );

  const loadDocument = useCallback(
    (raw: unknown, source: string) => {
      const parsed = parseDocument(raw);
      if (!parsed.document) {
        toast('error', `${source} is not a graph document: ${parsed.diagnostics.map((d) => d.message).slice(0, 3).join('; ')}`);
        return false;
      }
      // Opening is undoable: the previous graph stays in the history.
      edit(() => parsed.document!);
      setStack([]);
      setSelected([]);
      fit();
      return true;
    },
    [edit, toast, fit],
  );

  const addAtCentre = useCallback(
    (type: string) => {
      const entry = catalogue.get(type);
      if (!entry || readOnly) return;
      const el = document.querySelector('.canvas');
      const r = el?.getBoundingClientRect();
      const position = flow.screenToFlowPosition({ x: (r?.left ?? 0) + (r?.width ?? 800) / 2, y: (r?.top ?? 0) + (r?.height ?? 600) / 2 });
      let id = '';
      edit((d) => {
        const res = addNode(d, scope, { type, version: entry.version, position, params: defaultParams(type, d) });
        id = res.id;
        return res.doc;
      });
      setSelectIds([id]);
    },
    [catalogue, edit, flow, scope, readOnly],
  );

  const copy = useCallback(() => {
    if (selected.length === 0) return;
    clip.current = copySelection(shown, scope, new Set(selected));
    void navigator.clipboard?.writeText(JSON.stringify(clip.current)).catch(() => undefined);
    toast('info', `Copied ${selected.length} node${selected.length > 1 ? 's' : ''}`);
  }, [shown, scope, selected, toast]);

  const pasteClip = useCallback(() => {
    const c = clip.current;
    if (!c || c.nodes.length === 0 || readOnly) return;
    let ids: string[] = [];
    edit((d) => {
      const r = paste(d, scope, c, { x: 40, y: 40 });
      ids = r.ids;
      return r.doc;
    });
    setSelectIds(ids);
  }, [edit, scope, readOnly]);

  const save = useCallback(() => {
    saveToBrowser(doc);
    toast('info', `Saved “${doc.name}” in this browser`);
  }, [doc, toast]);

  const saveNetworkAsNew = useCallback(() => {
    const top = stack[stack.length - 1];
    if (!top) return;
    const name = window.prompt('Name of the new network definition', `${top.definition}_v2`);
    if (!name) return;
    try {
      const next = saveNetworkAs(doc, top.definition, name, top.original, top.via);
      edit(() => next);
      setStack((s) => [...s.slice(0, -1), { definition: name, ...(top.via ? { via: top.via } : {}), original: structuredClone(next.networks[name]) }]);
      toast('info', `Saved as network definition “${name}”${top.via ? `; ${top.via.nodeId} now uses it` : ''}`);
    } catch (e) {
      toast('error', (e as Error).message);
    }
  }, [stack, doc, edit, toast]);

  const pickDiagnostic = useCallback(
    (d: Diagnostic) => {
      if (d.network !== scope) setStack(d.network ? [{ definition: d.network }] : []);
      if (d.nodeId) {
        setSelectIds([d.nodeId]);
        setTimeout(() => flow.fitView({ nodes: [{ id: d.nodeId! }], maxZoom: 1.2, duration: 200 }), 50);
      }
    },
    [scope, flow],
  );

  const checkRemote = useCallback(async (next: GraphDocument, index: number) => {
    try {
      const r = await runner.validate(next);
      return r.diagnostics.filter((d) => d.severity === 'error' && edgeIndexOf(d, scope) === index);
    } catch {
      return [];
    }
  }, [scope]);

  const onSelect = useCallback((ids: string[]) => {
    setSelected(ids);
    setSelectIds(undefined);
  }, []);

  useKeyboard({
    'mod+z': history.undo,
    'mod+shift+z': history.redo,
    'mod+y': history.redo,
    'mod+c': copy,
    'mod+v': pasteClip,
    'mod+x': () => {
      copy();
      if (!readOnly) edit((d) => removeElements(d, scope, selected));
    },
    'mod+s': save,
    'mod+e': () => downloadJson(doc),
    'mod+shift+t': () => setShowTemplates(true),
    'alt+n': () => loadDocument(emptyDocument(), 'new'),
    f: () => flow.fitView({ padding: 0.15 }),
    escape: () => stack.length && setStack((s) => s.slice(0, -1)),
  });

  // A small handle for end-to-end tests and the 300-node benchmark.
  useEffect(() => {
    (window as unknown as { __ganvas: unknown }).__ganvas = {
      document: () => doc,
      load: (raw: unknown) => loadDocument(raw, 'document'),
      validation: () => ({ ms: view.ms, source: view.source, diagnostics: view.diagnostics }),
      /** Validates the current document again in the page; returns the wall time in ms. */
      validateNow: () => validateLocally(doc, registry).ms,
      scope: () => scope,
      focus: (ids: string[]) => flow.fitView({ nodes: ids.map((id) => ({ id })), duration: 0 }),
    };
  }, [doc, loadDocument, view, scope, registry, flow]);

  const counts = countProblems(view.diagnostics);
  const status = `${getScope(shown, scope).nodes.length} nodes · ${verdict(counts)} · validated ${view.source === 'runner' ? 'by the runner' : 'in the page'} in ${view.ms.toFixed(1)} ms${runnerOnline === false ? ' · runner offline' : ''}`;
  const selectedNode = selected.length === 1 ? selected[0] : undefined;

  return (
    <div className="app">
      <Toolbar
        name={doc.name}
        onRename={(name) => edit((d) => ({ ...d, name }))}
        status={status}
        onNew={() => loadDocument(emptyDocument(), 'new')}
        onOpenFile={(text, name) => {
          try {
            loadDocument(JSON.parse(text), name);
          } catch (e) {
            toast('error', `${name}: ${(e as Error).message}`);
          }
        }}
        onSave={save}
        onExport={() => downloadJson(doc)}
        onTemplates={() => setShowTemplates(true)}
        onUndo={history.undo}
        onRedo={history.redo}
        onFit={() => flow.fitView({ padding: 0.15 })}
        canUndo={history.canUndo}
        canRedo={history.canRedo}
      />
      {catalogueError ? <div className="banner">{catalogueError}</div> : null}
      <div className="main">
        <Palette catalogue={catalogue} inNetwork={scope !== undefined} onAdd={addAtCentre} />
        <div className="centre">
          <Breadcrumb doc={shown} stack={stack} onGo={(depth) => (setStack((s) => s.slice(0, depth)), fit())} />
          {builtHere ? (
            <div className="banner readonly-note" data-testid="readonly-note">
              built by {builtHere.type}; read-only
            </div>
          ) : null}
          <div className="canvas" data-testid="canvas">
            <GraphCanvas
              doc={shown}
              readOnly={readOnly}
              scope={scope}
              catalogue={catalogue}
              registry={registry}
              view={view}
              diags={diags}
              edit={edit}
              onOpen={openNetwork}
              onSelect={onSelect}
              onRefused={(reason) => toast('error', `Connection refused: ${reason}`)}
              checkRemote={checkRemote}
              {...(selectIds ? { selectIds } : {})}
            />
          </div>
          <TrainingPanel
            run={training.run}
            phases={training.phases}
            runnerOnline={runnerOnline}
            canRun={counts.errors === 0 && doc.nodes.length > 0}
            defaultSteps={20}
            onStart={(where, o) => void (where === 'runner' ? training.startOnRunner(doc, o) : training.startInTab(doc, o))}
            onControl={(a) => void training.control(a)}
            onStep={(p) => void training.stepOnce(p)}
          />
        </div>
        <aside className="side">
          <fieldset className="inspector-frame" disabled={readOnly}>
          <Inspector
            doc={shown}
            scope={scope}
            nodeId={selectedNode}
            catalogue={catalogue}
            contracts={selectedNode ? view.scopes.get(scope ?? '')?.get(selectedNode) : undefined}
            diagnostics={diags.all}
            onParams={(id, params) => edit((d) => setParams(d, scope, id, params))}
            onLabel={(id, label) => edit((d) => setLabel(d, scope, id, label))}
            {...(scope && !readOnly ? { onSaveNetworkAs: saveNetworkAsNew } : {})}
          />
          </fieldset>
          <div className="problems">
            <h3>Problems {view.diagnostics.length ? `(${view.diagnostics.length})` : ''}</h3>
            <DiagnosticsList diagnostics={view.diagnostics} onPick={pickDiagnostic} />
          </div>
        </aside>
      </div>
      {showTemplates ? (
        <TemplatesGallery
          onClose={() => setShowTemplates(false)}
          onPick={(file, raw) => {
            if (loadDocument(raw, file)) setShowTemplates(false);
          }}
        />
      ) : null}
      <Toasts toasts={toasts} onDismiss={(id) => setToasts((t) => t.filter((x) => x.id !== id))} />
    </div>
  );
}
