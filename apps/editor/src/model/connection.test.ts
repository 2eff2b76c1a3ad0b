import { readFileSync } from 'node:fs';
import { parseDocument, type GraphDocument } from '@ganvas/core';
import { describe, expect, it } from 'vitest';
import { localRegistry } from '../training/local-registry.js';
import { checkConnection } from './connection.js';
import { diagnosticsOfScope, validateLocally } from './validation.js';

const template = (f: string) => parseDocument(JSON.parse(readFileSync(new URL(`../../../../templates/${f}`, import.meta.url), 'utf8'))).document as GraphDocument;

describe('connection checks with core validator', () => {
  const dcgan = template('dcgan-mnist.json');
  const registry = localRegistry();

  it('refuses a role mismatch with the validator message naming both ends', () => {
    const v = checkConnection(dcgan, undefined, { source: 'data', sourcePort: 'image', target: 'schedule', targetPort: 'phases' }, registry);
    expect(v).toEqual({ ok: false, reason: expect.stringMatching(/^E003 edge data\.image → schedule\.phases: schedule expects phase, data gives image/) });
  });

  it('refuses a second edge into a single input, a self-loop and a cycle', () => {
    expect(checkConnection(dcgan, undefined, { source: 'z', sourcePort: 'z', target: 'd_real', targetPort: 'x' }, registry)).toMatchObject({ ok: false, reason: expect.stringContaining('E011') });
    expect(checkConnection(dcgan, 'dcgan_generator', { source: 'relu1', sourcePort: 'y', target: 'relu1', targetPort: 'x' }, registry)).toMatchObject({ ok: false });
    const cyc = checkConnection(dcgan, 'dcgan_discriminator', { source: 'lrelu2', sourcePort: 'y', target: 'conv1', targetPort: 'x' }, registry);
    expect(cyc).toMatchObject({ ok: false, reason: expect.stringMatching(/E005|E011/) });
  });

  it('accepts a valid connection and leaves unknown node types to the runner', () => {
    const noPreview = { ...dcgan, edges: dcgan.edges.filter((e) => e.target !== 'preview') };
    expect(checkConnection(noPreview, undefined, { source: 'fake', sourcePort: 'image', target: 'preview', targetPort: 'image' }, registry)).toEqual({ ok: true });
    const withPlugin = { ...dcgan, nodes: [...dcgan.nodes, { id: 'ext', type: 'acme.thing', version: 1, params: {}, position: { x: 0, y: 0 } }] };
    expect(checkConnection(withPlugin, undefined, { source: 'ext', sourcePort: 'y', target: 'preview', targetPort: 'image' }, registry)).toEqual({ ok: 'unknown' });
  });

  it('groups diagnostics by node and edge of the scope they are in', () => {
    const broken = structuredClone(dcgan);
    broken.nodes.find((n) => n.id === 'z')!.params.dims = 64;
    const view = validateLocally(broken, registry);
    const top = diagnosticsOfScope(view.diagnostics, undefined);
    const edgeIndex = broken.edges.findIndex((e) => e.source === 'z' && e.target === 'fake');
    expect(top.byEdge.get(edgeIndex)?.[0]?.code).toBe('E004');
    expect(top.byNode.get('fake')?.[0]?.message).toMatch(/fake expects \[B, 100\], z makes \[B, 64\]/);
    expect(diagnosticsOfScope(view.diagnostics, 'dcgan_generator').all).toEqual([]);
    expect(view.scopes.get('dcgan_generator')?.get('up2')?.outputs.y?.shape).toEqual(['B', 28, 28, 1]);
  });
});
