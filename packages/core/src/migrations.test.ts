import { describe, expect, it } from 'vitest';
import { DOCUMENT_MIGRATIONS, migrateDocument } from './migrations.js';
import { parseDocument } from './load.js';

const v1 = {
  format: 'ganvas.graph',
  schemaVersion: 1,
  seed: 42,
  nodes: [
    { id: 'a', type: 'standin.noise', version: 1 },
    { id: 'b', type: 'standin.meanSquare', version: 1 },
  ],
  edges: [{ id: 'e1', from: 'a.z', to: 'b.x' }],
  networks: { n: { nodes: [], edges: [{ from: 'in.y', to: 'out.x' }] } },
};

describe('document migrations', () => {
  it('are contiguous and start at version 1', () => {
    DOCUMENT_MIGRATIONS.forEach((m, i) => expect(m.from).toBe(i + 1));
  });

  it('bring a version 1 document to the current layout without mutating it', () => {
    const before = JSON.stringify(v1);
    const result = migrateDocument(v1);
    expect(JSON.stringify(v1)).toBe(before);
    if (!result.ok) throw new Error(result.error);
    expect(result.applied).toHaveLength(1);
    expect(result.document.edges).toEqual([{ id: 'e1', source: 'a', sourcePort: 'z', target: 'b', targetPort: 'x' }]);
    expect((result.document.networks as any).n.edges[0]).toEqual({ source: 'in', sourcePort: 'y', target: 'out', targetPort: 'x' });
    expect((result.document.training as any).seed).toBe(42);
    const parsed = parseDocument(v1);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.document!.training.seed).toBe(42);
    expect(parsed.migrations).toHaveLength(1);
  });

  it('explains a malformed old edge', () => {
    const result = migrateDocument({ ...v1, edges: [{ from: 'nodot', to: 'b.x' }] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain('"nodot" is not "node.port"');
  });
});
