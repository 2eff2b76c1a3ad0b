import { useMemo, useState } from 'react';
import { groupCatalogue, type Catalogue, type CatalogueEntry } from '../model/catalogue.js';
import { PALETTE_MIME } from './GraphCanvas.js';
import { categoryColour } from './palette-colours.js';

/** Node types by category, searchable; drag one onto the canvas, or click to add it. */
export function Palette({ catalogue, inNetwork, onAdd }: { catalogue: Catalogue; inNetwork: boolean; onAdd: (type: string) => void }) {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => groupCatalogue(catalogue, query, inNetwork), [catalogue, query, inNetwork]);
  return (
    <aside className="palette" aria-label="Node palette">
      <input className="palette-search" type="search" placeholder="Search nodes…" value={query} onChange={(e) => setQuery(e.target.value)} />
      {inNetwork ? <div className="palette-note">Inside a network: layers and boundaries</div> : null}
      {groups.length === 0 ? <div className="palette-note">No node type matches “{query}”.</div> : null}
      {groups.map(([category, entries]) => (
        <section key={category} className="palette-group">
          <h3 style={{ borderColor: categoryColour(category) }}>
            {category} <span className="count">{entries.length}</span>
          </h3>
          {entries.map((e) => (
            <PaletteItem key={e.type} entry={e} onAdd={onAdd} />
          ))}
        </section>
      ))}
    </aside>
  );
}

function PaletteItem({ entry, onAdd }: { entry: CatalogueEntry; onAdd: (type: string) => void }) {
  return (
    <div
      className="palette-item"
      draggable
      data-type={entry.type}
      title={`${entry.type} v${entry.version} — ${entry.packageName}${entry.availability === 'runner' ? ' (on the runner only)' : ''}\n${entry.description}`}
      onDragStart={(e) => {
        e.dataTransfer.setData(PALETTE_MIME, entry.type);
        e.dataTransfer.effectAllowed = 'copy';
      }}
      onDoubleClick={() => onAdd(entry.type)}
      onKeyDown={(e) => e.key === 'Enter' && onAdd(entry.type)}
      tabIndex={0}
    >
      <span className="palette-title">{entry.title}</span>
      <span className="palette-type">
        {entry.type}
        {entry.availability === 'runner' ? ' ⚙' : ''}
      </span>
    </div>
  );
}
