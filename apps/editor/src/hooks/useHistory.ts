import type { GraphDocument } from '@ganvas/core';
import { useCallback, useState } from 'react';
import { commit, initHistory, redo, undo, type History } from '../model/history.js';

/** The document with undo/redo: every edit is a new document pushed on the history. */
export function useHistory(initial: () => GraphDocument) {
  const [history, setHistory] = useState<History>(() => initHistory(initial()));
  const edit = useCallback((fn: (doc: GraphDocument) => GraphDocument) => setHistory((h) => commit(h, fn(h.present))), []);
  const reset = useCallback((doc: GraphDocument) => setHistory(initHistory(doc)), []);
  return {
    doc: history.present,
    edit,
    reset,
    undo: useCallback(() => setHistory(undo), []),
    redo: useCallback(() => setHistory(redo), []),
    canUndo: history.past.length > 0,
    canRedo: history.future.length > 0,
  };
}
