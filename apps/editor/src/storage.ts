import { parseDocument, type GraphDocument } from '@ganvas/core';

/** "Save" keeps the document in this browser's storage; the editor reopens it on load. */
const KEY = 'ganvas.editor.document';

export function saveToBrowser(doc: GraphDocument): void {
  localStorage.setItem(KEY, JSON.stringify(doc));
}

export function loadFromBrowser(): GraphDocument | undefined {
  const text = localStorage.getItem(KEY);
  if (!text) return undefined;
  try {
    return parseDocument(JSON.parse(text)).document;
  } catch {
    return undefined;
  }
}

/** Offers the document as a JSON file download. */
export function downloadJson(doc: GraphDocument): void {
  const blob = new Blob([`${JSON.stringify(doc, null, 2)}\n`], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${(doc.name || 'graph').replace(/[^\w.-]+/g, '-').toLowerCase()}.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
