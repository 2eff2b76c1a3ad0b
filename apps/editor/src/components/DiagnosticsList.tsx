import { formatPath, type Diagnostic } from '@ganvas/core';

/** Every problem of the document; click one to go to the node it concerns. */
export function DiagnosticsList({ diagnostics, onPick }: { diagnostics: Diagnostic[]; onPick: (d: Diagnostic) => void }) {
  if (diagnostics.length === 0) return <div className="diag-ok">✓ No problems: the graph validates.</div>;
  return (
    <ul className="diag-list">
      {diagnostics.map((d, i) => (
        <li key={i} className={`diag diag-${d.severity}`} onClick={() => onPick(d)} title={formatPath(d.path)}>
          <b>{d.code}</b> {d.network ? <i>[{d.network}] </i> : null}
          {d.message}
        </li>
      ))}
    </ul>
  );
}
