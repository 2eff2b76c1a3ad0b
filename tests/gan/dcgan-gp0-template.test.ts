import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GraphDocument } from '@ganvas/core';
import { describe, expect, it } from 'vitest';

// templates/dcgan-gp0-mnist.json is written by templates/gan-family.mjs from dcgan-mnist.json.
// It must stay a rewiring of DCGAN (results in docs/results.md compare the two as such): if
// dcgan-mnist.json changes and the script is not rerun, this fails and says what drifted.

const here = path.dirname(fileURLToPath(import.meta.url));
const read = (f: string) => JSON.parse(fs.readFileSync(path.resolve(here, '../../templates', f), 'utf8')) as GraphDocument;
const dcgan = read('dcgan-mnist.json');
const gp0 = read('dcgan-gp0-mnist.json');

const strip = (nodes: GraphDocument['nodes']) => nodes.map(({ id, type, version, params }) => ({ id, type, version, params }));
const edgeKeys = (edges: GraphDocument['edges']) => edges.map((e) => `${e.source}.${e.sourcePort}->${e.target}.${e.targetPort}`).sort();

describe('dcgan-gp0-mnist.json', () => {
  it('has the DCGAN generator and loss/optimizer nodes; only the schedule (2 D : 1 G) and the steps differ', () => {
    expect(gp0.training).toEqual({ ...dcgan.training, steps: 4000 });
    expect(strip(gp0.networks.dcgan_generator!.nodes)).toEqual(strip(dcgan.networks.dcgan_generator!.nodes));
    expect(edgeKeys(gp0.networks.dcgan_generator!.edges)).toEqual(edgeKeys(dcgan.networks.dcgan_generator!.edges));
    const schedule = (nodes: GraphDocument['nodes']) => strip(nodes).find((n) => n.type === 'optim.schedule');
    expect(schedule(dcgan.nodes)?.params).toEqual({ repeat: [1, 1] });
    expect(schedule(gp0.nodes)?.params).toEqual({ repeat: [2, 1] });
    const others = (nodes: GraphDocument['nodes']) => strip(nodes).filter((n) => n.type !== 'optim.schedule');
    expect(others(gp0.nodes.slice(0, dcgan.nodes.length))).toEqual(others(dcgan.nodes));
  });

  it("differs from DCGAN on D's side only by its batch norm and a zero-centred penalty added to its loss", () => {
    const d0 = dcgan.networks.dcgan_discriminator!;
    const d1 = gp0.networks.dcgan_discriminator!;
    const bn = d0.nodes.filter((n) => n.type === 'layers.batchNorm').map((n) => n.id);
    expect(bn).toHaveLength(1);
    expect(strip(d1.nodes)).toEqual(strip(d0.nodes.filter((n) => n.id !== bn[0])));
    // The batch norm's input now feeds what it fed.
    const into = d0.edges.find((e) => e.target === bn[0])!;
    const bypassed = d0.edges
      .filter((e) => e.source === bn[0])
      .map((e) => ({ ...e, source: into.source, sourcePort: into.sourcePort }));
    expect(edgeKeys(d1.edges)).toEqual(edgeKeys([...d0.edges.filter((e) => e.source !== bn[0] && e.target !== bn[0]), ...bypassed]));

    const added = strip(gp0.nodes.slice(dcgan.nodes.length));
    expect(added).toEqual([
      { id: 'gp', type: 'gan.gradientPenalty', version: 1, params: { lambda: 10, target: 0 } },
      { id: 'loss_total', type: 'loss.weightedSum', version: 1, params: {} },
    ]);
    const removed = edgeKeys(dcgan.edges).filter((k) => !edgeKeys(gp0.edges).includes(k));
    const extra = edgeKeys(gp0.edges).filter((k) => !edgeKeys(dcgan.edges).includes(k));
    expect(removed).toEqual(['loss_d.loss->opt_d.loss']);
    expect(extra).toEqual(
      [
        'D.net->gp.critic',
        'data.image->gp.real',
        'fake.image->gp.fake',
        'gp.loss->loss_total.terms',
        'loss_d.loss->loss_total.terms',
        'loss_total.loss->opt_d.loss',
      ].sort(),
    );
  });
});
