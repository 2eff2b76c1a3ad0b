import { describe, expect, it } from 'vitest';
import { createRegistry, hasErrors, validateDocument } from '@ganvas/core';
import { nodes } from './index.js';

function registry() {
  const r = createRegistry();
  r.registerPlugin('@ganvas/nodes-layers', { apiVersion: 1, namespace: 'layers', entry: 'x' }, { nodes });
  return r;
}

/** One network: x → conv (useBias as given) → each of `consumers` → ... → output. */
function graph(useBias: boolean, consumers: string[], convParams: Record<string, unknown> = {}) {
  const net = {
    nodes: [
      { id: 'x', type: 'core.input', version: 1, params: { name: 'x', role: 'image', shape: ['B', 8, 8, 1] } },
      { id: 'conv', type: 'layers.conv2d', version: 1, params: { filters: 4, kernelSize: 3, strides: 1, padding: 1, useBias, ...convParams } },
      ...consumers.map((type, i) => ({ id: `c${i}`, type, version: 1, params: {} })),
      { id: 'sum', type: 'layers.add', version: 1, params: {} },
      { id: 'out', type: 'core.output', version: 1, params: { name: 'y' } },
    ],
    edges: [
      { source: 'x', sourcePort: 'y', target: 'conv', targetPort: 'x' },
      ...consumers.map((_, i) => ({ source: 'conv', sourcePort: 'y', target: `c${i}`, targetPort: 'x' })),
      ...consumers.map((_, i) => ({ source: `c${i}`, sourcePort: 'y', target: 'sum', targetPort: 'x' })),
      { source: 'sum', sourcePort: 'y', target: 'out', targetPort: 'x' },
    ],
  };
  return {
    format: 'ganvas.graph',
    schemaVersion: 2,
    name: 'lint',
    training: { batchSize: 2, steps: 1, seed: 1, sampleEvery: 0, checkpointEvery: 0 },
    networks: { net },
    nodes: [{ id: 'N', type: 'core.network', version: 1, params: { definition: 'net' } }],
    edges: [],
  };
}

describe('W001: a bias cancelled by normalisation', () => {
  it('warns when every consumer of a biased conv subtracts the channel mean, naming the param to change', () => {
    const result = validateDocument(graph(true, ['layers.batchNorm', 'layers.instanceNorm']), registry());
    const w = result.diagnostics.filter((d) => d.code === 'W001');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({
      severity: 'warning',
      network: 'net',
      nodeId: 'conv',
      path: ['networks', 'net', 'nodes', 1, 'params', 'useBias'],
    });
    expect(w[0]!.message).toContain('"c0" (layers.batchNorm), "c1" (layers.instanceNorm)');
    expect(w[0]!.message).toContain('set useBias to false');
    // Advice only: it is not an error, and the network itself has none (the top level has no
    // optimizer, which is not what this test is about).
    expect(hasErrors(w)).toBe(false);
    expect(result.diagnostics.filter((d) => d.severity === 'error' && d.network === 'net')).toEqual([]);
  });

  it('treats a spectrally normalised conv the same: its bias is not normalised, so the norm still cancels it', () => {
    const sn = { spectralNorm: true, powerIterations: 2 };
    const w = validateDocument(graph(true, ['layers.batchNorm'], sn), registry()).diagnostics.filter((d) => d.code === 'W001');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ nodeId: 'conv', path: ['networks', 'net', 'nodes', 1, 'params', 'useBias'] });
    expect(validateDocument(graph(false, ['layers.batchNorm'], sn), registry()).diagnostics.map((d) => d.code)).not.toContain('W001');
  });

  it('stays quiet without a bias, or when some consumer sees the bias', () => {
    for (const g of [graph(false, ['layers.batchNorm']), graph(true, ['layers.batchNorm', 'layers.relu']), graph(true, ['layers.relu'])]) {
      const codes = validateDocument(g, registry()).diagnostics.map((d) => d.code);
      expect(codes).not.toContain('W001');
    }
  });
});
