import type { GraphDocument } from '@ganvas/core';
import { useEffect, useMemo, useState } from 'react';
import { runner } from '../api/runner-client.js';
import { unknownTypes, validateLocally, viewFromRunner, type ValidationView } from '../model/validation.js';
import { localRegistry } from '../training/local-registry.js';

/**
 * Validation of the current document. In the page (instant, every edit) when the bundled
 * packages know every node type; otherwise by the runner (debounced), which has the
 * third-party plug-ins — the local result is shown meanwhile.
 */
export function useValidation(doc: GraphDocument, runnerOnline: boolean | undefined): ValidationView & { unknown: string[] } {
  const registry = localRegistry();
  const unknown = useMemo(() => unknownTypes(doc, registry), [doc, registry]);
  const local = useMemo(() => validateLocally(doc, registry), [doc, registry]);
  const [remote, setRemote] = useState<{ doc: GraphDocument; view: ValidationView } | undefined>();
  useEffect(() => {
    if (unknown.length === 0 || !runnerOnline) return;
    let live = true;
    const timer = setTimeout(() => {
      const t0 = performance.now();
      runner
        .validate(doc)
        .then((r) => live && setRemote({ doc, view: viewFromRunner(r, performance.now() - t0) }))
        .catch(() => undefined);
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [doc, unknown, runnerOnline]);
  const view = unknown.length > 0 && remote?.doc === doc ? remote.view : local;
  return { ...view, unknown };
}
