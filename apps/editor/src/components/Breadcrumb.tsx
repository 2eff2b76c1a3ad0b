import type { GraphDocument } from '@ganvas/core';

/** Where we are: the graph, then each opened network; click a crumb to go back up. */
export function Breadcrumb({ doc, stack, onGo }: { doc: GraphDocument; stack: { definition: string }[]; onGo: (depth: number) => void }) {
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <button className={stack.length === 0 ? 'current' : ''} onClick={() => onGo(0)}>
        {doc.name || 'graph'}
      </button>
      {stack.map((s, i) => (
        <span key={`${s.definition}-${i}`}>
          <span className="sep">›</span>
          <button className={i === stack.length - 1 ? 'current' : ''} onClick={() => onGo(i + 1)} title={doc.networks[s.definition]?.description}>
            {doc.networks[s.definition]?.title ?? s.definition}
          </button>
        </span>
      ))}
    </nav>
  );
}
