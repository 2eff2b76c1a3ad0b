import { describe, expect, it } from 'vitest';
import { createRegistry } from './index.js';
import { validateDocument } from './load.js';
import { registerStandIns } from './stand-ins.js';
import { tinyGraph } from './test-support/tiny-graph.js';
import type { Diagnostic } from './diagnostics.js';

function registry() {
  const r = createRegistry();
  registerStandIns(r);
  return r;
}

type Doc = ReturnType<typeof tinyGraph> & { nodes: any[]; edges: any[]; networks: any };
function doc(): Doc {
  return tinyGraph() as Doc;
}

function check(d: unknown): Diagnostic[] {
  return validateDocument(d, registry()).diagnostics;
}

describe('graph analysis', () => {
  it('accepts the tiny graph and infers shapes through the network', () => {
    const result = validateDocument(tinyGraph(), registry());
    expect(result.diagnostics).toEqual([]);
    const apply = result.analysis!.top.nodes.get('applyG')!;
    expect(apply.outContracts.y!.shape).toEqual(['B', 3]);
    expect(result.analysis!.networks.get('mlp')!.signature!.inputs[0]!.name).toBe('z');
  });

  it('reports an unknown node type with its JSON path', () => {
    const d = doc();
    d.nodes[3].type = 'standin.nope';
    const diags = check(d);
    expect(diags[0]).toMatchObject({ code: 'E001', nodeId: 'loss', path: ['nodes', 3, 'type'] });
    expect(diags[0]!.message).toContain('standin.nope');
  });

  it('reports a missing required input', () => {
    const d = doc();
    d.edges = d.edges.filter((e: any) => e.target !== 'loss');
    const diags = check(d);
    expect(diags).toContainEqual(expect.objectContaining({ code: 'E002', nodeId: 'loss', port: 'x' }));
  });

  it('names both ends and both shapes on a shape mismatch', () => {
    const d = doc();
    d.networks.mlp.nodes[0].params.shape = ['B', 5];
    const diags = check(d);
    const e = diags.find((x) => x.code === 'E004')!;
    expect(e.nodeId).toBe('applyG');
    expect(e.message).toContain('z.z → applyG.z');
    expect(e.message).toContain('[B, 5]');
    expect(e.message).toContain('[B, 4]');
    expect(e.path).toEqual(['edges', 1]);
  });

  it('refuses a role mismatch', () => {
    const d = doc();
    d.edges.push({ source: 'G', sourcePort: 'net', target: 'loss', targetPort: 'x' });
    const diags = check(d);
    expect(diags.some((x) => x.code === 'E003' && x.message.includes('expects tensor, G gives network'))).toBe(true);
  });

  it('reports cycles with their path', () => {
    const d = doc();
    d.networks.mlp.edges.push({ source: 'l2', sourcePort: 'y', target: 'l1', targetPort: 'x' });
    const diags = check(d);
    const cycle = diags.find((x) => x.code === 'E005')!;
    expect(cycle.network).toBe('mlp');
    expect(cycle.message).toMatch(/cycle: l[12] → l[12] → l[12]/);
  });

  it('reports bad params with the zod path', () => {
    const d = doc();
    d.networks.mlp.nodes[1].params.units = -2;
    const diags = check(d);
    expect(diags[0]).toMatchObject({ code: 'E006', nodeId: 'l1', network: 'mlp', path: ['networks', 'mlp', 'nodes', 1, 'params', 'units'] });
    // The node's ports come from its type, so its edges are not also reported as dangling.
    expect(diags.filter((x) => x.code === 'E007')).toEqual([]);
  });

  it('reports dangling edges and unknown ports', () => {
    const d = doc();
    d.edges.push({ source: 'ghost', sourcePort: 'y', target: 'loss', targetPort: 'x' });
    d.edges.push({ source: 'z', sourcePort: 'nope', target: 'applyG', targetPort: 'z' });
    const diags = check(d);
    expect(diags.some((x) => x.code === 'E007' && x.message.includes('"ghost"'))).toBe(true);
    expect(diags.some((x) => x.code === 'E007' && x.message.includes('no output "nope"'))).toBe(true);
  });

  it('reports an optimizer with nothing to train, and a graph with no optimizer', () => {
    const d = doc();
    d.edges = d.edges.filter((e: any) => !(e.target === 'opt' && e.targetPort === 'params'));
    expect(check(d)).toContainEqual(expect.objectContaining({ code: 'E008', nodeId: 'opt' }));
    const e = doc();
    e.nodes = e.nodes.filter((n: any) => n.id !== 'opt');
    e.edges = e.edges.filter((x: any) => x.target !== 'opt');
    expect(check(e).map((x) => x.code)).toContain('E014');
  });

  it('reports an unknown network definition and a definition without boundary nodes', () => {
    const d = doc();
    d.nodes[1].params.definition = 'nope';
    expect(check(d)).toContainEqual(expect.objectContaining({ code: 'E010', nodeId: 'G' }));
    const e = doc();
    e.networks.mlp.nodes = e.networks.mlp.nodes.filter((n: any) => n.type !== 'core.output');
    e.networks.mlp.edges = e.networks.mlp.edges.filter((x: any) => x.target !== 'out');
    expect(check(e).some((x) => x.code === 'E019' && x.network === 'mlp')).toBe(true);
  });

  it('reports an error inside a definition once, without claiming its boundary nodes are missing', () => {
    const d = doc();
    d.networks.mlp.nodes[2].params.units = -1; // bad params: l2 has no contract, nor has the output
    const diags = check(d);
    expect(diags).toContainEqual(expect.objectContaining({ code: 'E006', nodeId: 'l2', network: 'mlp' }));
    expect(diags.some((x) => x.message.includes('needs at least one'))).toBe(false);
    // The node using the definition still says the definition has errors, and where.
    expect(diags).toContainEqual(expect.objectContaining({ code: 'E019', nodeId: 'G' }));
  });

  it('checks the edges into an Apply node whose network is broken, as when it is healthy', () => {
    // z's output is [B, 4]; the network takes [B, 5]: a shape mismatch on edge 1, healthy or not.
    const wrong = (broken: boolean) => {
      const d = doc();
      d.networks.mlp.nodes[0].params.shape = ['B', 5];
      if (broken) d.networks.mlp.nodes[2].params.units = -1;
      return check(d);
    };
    const healthy = wrong(false).find((x) => x.code === 'E004')!;
    const diags = wrong(true);
    expect(diags).toContainEqual(expect.objectContaining({ code: 'E019', nodeId: 'G' }));
    expect(diags.find((x) => x.code === 'E004')).toEqual(healthy);
    // Only the broken node and the definition's error on its user: the Apply node's outputs
    // are unknown, so the edge out of it is not checked (nor blamed).
    expect(diags.map((x) => x.code).sort()).toEqual(['E004', 'E006', 'E019']);
    // Nothing connected to a required input of such an Apply node is named as well.
    const d = doc();
    d.networks.mlp.nodes[2].params.units = -1;
    d.edges = d.edges.filter((e: any) => e.target !== 'applyG' || e.targetPort !== 'z');
    expect(check(d)).toContainEqual(expect.objectContaining({ code: 'E002', nodeId: 'applyG', port: 'z' }));
    // A broken core.input leaves the network's inputs unknown: no port of the Apply node is claimed missing.
    const e = doc();
    e.networks.mlp.nodes[0].params.shape = 'oops';
    expect(check(e).filter((x) => x.nodeId === 'applyG')).toEqual([]);
  });

  it('reports duplicate ids, two edges into a single input and newer type versions', () => {
    const d = doc();
    d.nodes.push({ id: 'z', type: 'standin.noise', version: 1 });
    d.edges.push({ source: 'applyG', sourcePort: 'y', target: 'loss', targetPort: 'x' });
    d.nodes[0].version = 9;
    const codes = check(d).map((x) => x.code);
    expect(codes).toEqual(expect.arrayContaining(['E009', 'E011', 'E015']));
  });

  it('migrates old node params through the type migrations', () => {
    const d = doc();
    d.networks.mlp.nodes[1] = { id: 'l1', type: 'standin.linear', version: 1, params: { size: 6 } };
    const result = validateDocument(d, registry());
    expect(result.diagnostics).toEqual([]);
    const l1 = result.analysis!.networks.get('mlp')!.nodes.get('l1')!;
    expect(l1.params).toEqual({ units: 6 });
  });

  it('returns diagnostics for documents that are not graphs at all', () => {
    expect(check(42)[0]).toMatchObject({ code: 'E012' });
    expect(check({ format: 'ganvas.graph', schemaVersion: 2, nodes: 'x', edges: [] })[0]).toMatchObject({
      code: 'E012',
      path: ['nodes'],
    });
    expect(check({ format: 'ganvas.graph', schemaVersion: 99, nodes: [], edges: [] })[0]!.message).toContain('newer');
  });
});
