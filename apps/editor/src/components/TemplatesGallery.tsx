import { useEffect, useState } from 'react';
import { runner, type TemplateInfo } from '../api/runner-client.js';

/** Every template the runner has; picking one opens it (the current graph stays in undo). */
export function TemplatesGallery({ onPick, onClose }: { onPick: (file: string, doc: unknown) => void; onClose: () => void }) {
  const [templates, setTemplates] = useState<TemplateInfo[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    runner.templates().then(setTemplates, (e: Error) => setError(e.message));
  }, []);
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal" onClick={(e) => e.stopPropagation()} role="dialog" aria-label="Templates">
        <h2>Templates</h2>
        {error ? <div className="param-error">Cannot list templates: {error}</div> : null}
        {!templates && !error ? <div className="muted">Loading…</div> : null}
        <div className="template-grid">
          {templates?.map((t) => (
            <button
              key={t.file}
              className="template-card"
              data-template={t.file}
              onClick={() =>
                runner.template(t.file).then(
                  (doc) => onPick(t.file, doc),
                  (e: Error) => setError(e.message),
                )
              }
            >
              <b>{t.name}</b>
              <span className="muted small">{t.file}</span>
              <span className="small">{t.description}</span>
            </button>
          ))}
        </div>
        <button onClick={onClose}>Close</button>
      </div>
    </div>
  );
}
