import type { GraphDocument } from '@ganvas/core';

/** Undo as a history of whole documents (they are small and immutable, so sharing is cheap). */
export interface History {
  past: GraphDocument[];
  present: GraphDocument;
  future: GraphDocument[];
}

export const HISTORY_LIMIT = 200;

export function initHistory(doc: GraphDocument): History {
  return { past: [], present: doc, future: [] };
}

/** Records a new present; an edit that changes nothing is not recorded. */
export function commit(h: History, doc: GraphDocument): History {
  if (doc === h.present) return h;
  const past = [...h.past, h.present];
  if (past.length > HISTORY_LIMIT) past.shift();
  return { past, present: doc, future: [] };
}

export function undo(h: History): History {
  const prev = h.past[h.past.length - 1];
  if (!prev) return h;
  return { past: h.past.slice(0, -1), present: prev, future: [h.present, ...h.future] };
}

export function redo(h: History): History {
  const next = h.future[0];
  if (!next) return h;
  return { past: [...h.past, h.present], present: next, future: h.future.slice(1) };
}
