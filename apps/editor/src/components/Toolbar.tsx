import { useRef } from 'react';

export interface ToolbarActions {
  onNew: () => void;
  onOpenFile: (text: string, name: string) => void;
  onSave: () => void;
  onExport: () => void;
  onTemplates: () => void;
  onUndo: () => void;
  onRedo: () => void;
  onFit: () => void;
  canUndo: boolean;
  canRedo: boolean;
}

/** File and edit commands; each has a keyboard shortcut (shown in its tooltip). */
export function Toolbar(a: ToolbarActions & { name: string; onRename: (name: string) => void; status: string }) {
  const file = useRef<HTMLInputElement>(null);
  return (
    <header className="toolbar">
      <span className="brand">ganvas</span>
      <input
        className="doc-name"
        aria-label="Graph name"
        key={a.name}
        defaultValue={a.name}
        onBlur={(e) => e.target.value !== a.name && a.onRename(e.target.value)}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
        }}
      />
      <button onClick={a.onNew} title="New graph (Alt+N)">New</button>
      <button onClick={a.onTemplates} title="Templates gallery (Ctrl+Shift+T)" data-testid="open-templates">
        Templates
      </button>
      <button onClick={() => file.current?.click()} title="Open a graph JSON file (Ctrl+O)">
        Open…
      </button>
      <input
        ref={file}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="open-file"
        onChange={async (e) => {
          const f = e.target.files?.[0];
          if (f) a.onOpenFile(await f.text(), f.name);
          e.target.value = '';
        }}
      />
      <button onClick={a.onSave} title="Save in this browser (Ctrl+S)" data-testid="save">
        Save
      </button>
      <button onClick={a.onExport} title="Download as JSON (Ctrl+E)" data-testid="export">
        Export JSON
      </button>
      <span className="sep" />
      <button onClick={a.onUndo} disabled={!a.canUndo} title="Undo (Ctrl+Z)">
        ↶ Undo
      </button>
      <button onClick={a.onRedo} disabled={!a.canRedo} title="Redo (Ctrl+Shift+Z / Ctrl+Y)">
        ↷ Redo
      </button>
      <button onClick={a.onFit} title="Fit view (F)">
        Fit
      </button>
      <span className="toolbar-status">{a.status}</span>
    </header>
  );
}
