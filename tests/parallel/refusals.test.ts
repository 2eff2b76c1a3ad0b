import { compile } from '@ganvas/core';
import { DataParallelGroup, DataParallelRefused, checkDataParallel, dataParallelProblems, nodeHost } from '@ganvas/host-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { packedDcgan, setup, smallConvGan, template } from './helpers.js';

// What cannot be split across workers with the one-worker result is refused before any
// step, each reason naming the node; everything the shipped GAN/VAE templates use is accepted.

beforeAll(setup);

async function problems(doc: unknown, workers: number, batchSize?: number): Promise<string[]> {
  const t = await compile(doc, await setup(), { host: nodeHost, ...(batchSize !== undefined ? { batchSize } : {}) });
  try {
    return dataParallelProblems(t, workers);
  } finally {
    t.dispose();
  }
}

describe('data-parallel refusals', () => {
  it.each([
    ['dcgan-mnist.json'],
    ['vae-mnist.json'],
    ['gan-mnist.json'],
    ['cgan-mnist.json'],
    ['wgan-mnist.json'],
    ['pix2pix-shapes.json'],
  ])('accepts %s', async (file) => {
    expect(await problems(template(file), 2)).toEqual([]);
  });

  it('accepts CycleGAN and StarGAN (image pools and target labels gather the whole batch) and WGAN-GP; refuses a penalty on a critic with batch norm', async () => {
    for (const file of ['cyclegan-shapes.json', 'stargan-shapes.json', 'stargan-faces.json', 'wgan-gp-mnist.json', 'dcgan-gp0-mnist.json']) {
      expect(await problems(template(file), 2), file).toEqual([]);
    }
    // The DCGAN discriminator (batch norm after conv2) under a penalty.
    const doc = structuredClone(template('dcgan-gp0-mnist.json')) as any;
    doc.networks.dcgan_discriminator = structuredClone(template('dcgan-mnist.json')).networks.dcgan_discriminator;
    expect(await problems(doc, 2)).toEqual([
      'node "gp" (gan.gradientPenalty): its critic "D" has batch norm ("D/bn2"), whose statistics across workers cannot be differentiated twice; remove batch norm from the critic (with a gradient penalty each sample\'s penalty should depend on that sample only)',
    ]);
  });

  it('refuses a minibatch-std layer inside a network, naming the network and the reason', async () => {
    const doc = structuredClone(template('dcgan-mnist.json')) as any;
    const D = doc.networks.dcgan_discriminator;
    D.nodes.push({ id: 'mbstd', type: 'layers.minibatchStd', version: 1, params: { groupSize: 4 } });
    const into = D.edges.find((e: any) => e.target === 'flatten');
    D.edges.push({ source: 'mbstd', sourcePort: 'y', target: 'flatten', targetPort: 'x' });
    into.target = 'mbstd';
    const p = await problems(doc, 2);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/mbstd.*layers\.minibatchStd.*its groups mix samples across the batch/);
  });

  it('accepts a packing layer (PacGAN) when every shard divides into its groups, and else names the batch size to use', async () => {
    const doc = packedDcgan(2);
    expect(await problems(doc, 2, 8)).toEqual([]);
    expect(await problems(doc, 2, 6)).toEqual([
      'node "D/pack" (layers.pack): each worker\'s shard of 3 rows does not divide into groups of 2; use a batch size divisible by 4 (workers × groups)',
    ]);
  });

  it('accepts spectral normalisation (u and v depend on the weights only, identical in every worker)', async () => {
    const doc = structuredClone(template('dcgan-mnist.json')) as any;
    for (const n of doc.networks.dcgan_discriminator.nodes) if (/^layers\.(conv2d|dense)$/.test(n.type)) n.params.spectralNorm = true;
    expect(doc.networks.dcgan_discriminator.nodes.filter((n: any) => n.params.spectralNorm)).toHaveLength(3);
    expect(await problems(doc, 2)).toEqual([]);
  });

  it('refuses style transfer: one optimised image, no batch to split', async () => {
    const doc = {
      format: 'ganvas.graph',
      schemaVersion: 2,
      name: 'style-like',
      training: { batchSize: 1, steps: 1, seed: 1, sampleEvery: 0, checkpointEvery: 0 },
      nodes: [
        { id: 'image', type: 'style.imageParameter', version: 1, params: { height: 8, width: 8, init: 'noise' } },
        { id: 'tv', type: 'style.tvLoss', version: 1, params: {} },
        { id: 'opt', type: 'optim.adam', version: 1, params: {} },
      ],
      edges: [
        { source: 'image', sourcePort: 'image', target: 'tv', targetPort: 'image' },
        { source: 'tv', sourcePort: 'loss', target: 'opt', targetPort: 'loss' },
        { source: 'image', sourcePort: 'net', target: 'opt', targetPort: 'params' },
      ],
    };
    const reason = 'style transfer optimises one image (batch 1): there is no batch to split across workers';
    expect(await problems(doc, 2)).toEqual([
      'the batch size 1 does not split into 2 equal shards (choose a batch size divisible by 2)',
      `node "tv" (style.tvLoss): ${reason}`,
      `node "image" (style.imageParameter): ${reason}`,
    ]);
  });

  it('refuses a batch size that does not divide, and a source whose own batch does not', async () => {
    expect(await problems(smallConvGan({ batchSize: 6 }), 4)).toEqual(['the batch size 6 does not split into 4 equal shards (choose a batch size divisible by 4)']);
    const doc = smallConvGan() as { nodes: { id: string; params?: Record<string, unknown> }[] };
    doc.nodes.find((n) => n.id === 'z')!.params!.batch = 6;
    expect(await problems(doc, 4)).toEqual(['node "z" (data.gaussianNoise): its output "z" has 6 rows, which do not split into 4 equal shards']);
  });

  it('refuses a node that declares nothing, inside a network, and a concat along the batch axis', async () => {
    const undeclared = smallConvGan({ extraD: [{ id: 'mystery', type: 'faults.undeclared', version: 1, params: {} }] });
    expect(await problems(undeclared, 2)).toEqual([
      'node "D/mystery" (faults.undeclared) does not say how it behaves when a batch is split across workers (its definition declares no dataParallel), so it could silently train something different',
    ]);
    const doc = smallConvGan() as { networks: { disc: { nodes: Record<string, unknown>[]; edges: Record<string, string>[] } } };
    const disc = doc.networks.disc;
    // D's features joined with themselves along axis 0: a [2B, …] batch whose rows mix the shards.
    disc.nodes.push({ id: 'stack', type: 'layers.concat', version: 1, params: { axis: 0 } });
    const toFlat = disc.edges.find((e) => e.target === 'flat')!;
    disc.edges.push({ source: 'lrelu2', sourcePort: 'y', target: 'stack', targetPort: 'x' }, { source: 'lrelu2', sourcePort: 'y', target: 'stack', targetPort: 'x' });
    toFlat.source = 'stack';
    expect(await problems(doc, 2)).toEqual(['node "D/stack" (layers.concat): it joins along the batch axis (axis 0), so its rows mix the shards of different workers']);
  });

  it('accepts phase modifiers (weight averaging after the G phase)', async () => {
    const doc = smallConvGan() as { nodes: Record<string, unknown>[]; edges: Record<string, string>[] };
    doc.nodes.push({ id: 'avg', type: 'optim.averageWeights', version: 1, params: {} });
    const toSchedule = doc.edges.find((e) => e.source === 'opt_g' && e.target === 'schedule')!;
    toSchedule.source = 'avg';
    doc.edges.push({ source: 'opt_g', sourcePort: 'phase', target: 'avg', targetPort: 'phase' }, { source: 'G', sourcePort: 'net', target: 'avg', targetPort: 'network' });
    const t = await compile(doc, await setup(), { host: nodeHost });
    try {
      expect(t.phases[1]!.after.map((n) => n.analyzed.doc.id)).toEqual(['avg']);
      expect(dataParallelProblems(t, 2)).toEqual([]);
    } finally {
      t.dispose();
    }
  });

  it('checks only what training evaluates: a node feeding a preview alone is not refused', async () => {
    const doc = smallConvGan() as { nodes: Record<string, unknown>[]; edges: Record<string, string>[] };
    doc.nodes.push({ id: 'odd', type: 'faults.undeclared', version: 1, params: {} }, { id: 'preview', type: 'core.preview', version: 1, params: { count: 4 } });
    doc.edges.push({ source: 'fake', sourcePort: 'image', target: 'odd', targetPort: 'x' }, { source: 'odd', sourcePort: 'y', target: 'preview', targetPort: 'image' });
    expect(await problems(doc, 2)).toEqual([]);
  });

  it('checkDataParallel throws every reason at once', async () => {
    const group = new DataParallelGroup({ workers: 2 });
    // Two datasets joined along the batch axis (images and their conditions).
    const t = await compile(template('stargan-two-datasets.json'), await setup(), { host: nodeHost, replica: group.replica });
    try {
      expect(() => checkDataParallel(t, 2)).toThrow(DataParallelRefused);
      expect(() => checkDataParallel(t, 2)).toThrow(
        /^cannot train on 2 workers with the one-worker result:\n {2}- node "(images|cond)" \(layers\.concat\): it joins along the batch axis[^\n]*\n {2}- node "(images|cond)"/,
      );
      // A replica that never started says so instead of waiting.
      await expect(t.runStep()).rejects.toThrow('the data-parallel group has not started');
    } finally {
      t.dispose();
      await group.close();
    }
  });
});
