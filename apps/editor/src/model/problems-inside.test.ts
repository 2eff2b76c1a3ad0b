import type { Diagnostic, GraphDocument, NodeDoc } from '@ganvas/core';
import { describe, expect, it } from 'vitest';
import { problemsInside } from './problems-inside.js';

const net = (id: string, definition: string): NodeDoc => ({ id, type: 'core.network', version: 1, params: { definition }, position: { x: 0, y: 0 } });
const def = (...nodes: NodeDoc[]) => ({ nodes, edges: [] });
const diag = (network: string, code: Diagnostic['code'], severity: Diagnostic['severity']): Diagnostic => ({ code, severity, network, message: `${code} in ${network}`, path: ['networks', network, 'nodes', 0] });

describe('problems inside network definitions', () => {
  // outer uses inner, inner uses outer back (a cycle core reports as E019), lone uses nothing.
  const doc = { version: 1, name: 't', nodes: [], edges: [], networks: { outer: def(net('n', 'inner')), inner: def(net('m', 'outer')), lone: def() } } as unknown as GraphDocument;

  it("gathers each definition's own diagnostics and those of the definitions it uses, once, through cycles", () => {
    const w = diag('inner', 'W001', 'warning');
    const e = diag('outer', 'E019', 'error');
    const byDef = problemsInside(doc, [w, e, { ...diag('lone', 'E006', 'error'), network: undefined, path: ['networks', 'lone', 'nodes', 0, 'params'] }]);
    expect(byDef.get('inner')).toEqual([w, e]);
    expect(byDef.get('outer')).toEqual([e, w]);
    // Matched by path when the diagnostic names no network.
    expect(byDef.get('lone')!.map((d) => d.code)).toEqual(['E006']);
  });

  it('leaves top-level diagnostics out and a clean definition empty', () => {
    const top: Diagnostic = { code: 'E014', severity: 'error', message: 'nothing to train', path: ['nodes'] };
    const byDef = problemsInside(doc, [top, diag('inner', 'W001', 'warning')]);
    expect(byDef.get('lone')).toEqual([]);
    expect([...byDef.values()].flat()).not.toContain(top);
  });
});
