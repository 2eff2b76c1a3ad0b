import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type Checkpoint, type Registry, type Trainer } from '@ganvas/core';
import { selectBackend } from '@ganvas/backend';
import { DataParallelGroup, createNodeRegistry, nodeHost } from '@ganvas/host-node';

/** Shared set-up of the data-parallel tests: graphs, one- and two-worker trainers, comparisons. */

const here = path.dirname(fileURLToPath(import.meta.url));
export const templatesDir = path.resolve(here, '../../templates');
/** The built-in plug-ins (tests/node_modules) and the test-only fault plug-in. */
export const searchDirs = [path.resolve(here, '..'), path.join(here, 'fixtures', 'faults-plugin')];
export const BACKEND = 'wasm';

let registry: Registry | undefined;
export async function setup(): Promise<Registry> {
  await selectBackend(BACKEND);
  registry ??= (await createNodeRegistry({ searchDirs })).registry;
  return registry;
}

export function template(file: string): Record<string, any> {
  return JSON.parse(fs.readFileSync(path.join(templatesDir, file), 'utf8')) as Record<string, any>;
}

export interface Pair {
  one: Trainer;
  two: Trainer;
  group: DataParallelGroup;
  close(): Promise<void>;
}

/** The same document compiled alone and as worker 0 of a started two-worker group. */
export async function pair(doc: unknown, options: { batchSize?: number; timeoutMs?: number } = {}): Promise<Pair> {
  const reg = await setup();
  const extra = options.batchSize !== undefined ? { batchSize: options.batchSize } : {};
  const one = await compile(doc, reg, { host: nodeHost, ...extra });
  const two = await startTwo(doc, options);
  return {
    one,
    two: two.trainer,
    group: two.group,
    async close() {
      await two.group.close();
      two.trainer.dispose();
      one.dispose();
    },
  };
}

/** Worker 0 of a two-worker group, started (optionally from a checkpoint). */
export async function startTwo(
  doc: unknown,
  options: { batchSize?: number; timeoutMs?: number; checkpoint?: Checkpoint } = {},
): Promise<{ trainer: Trainer; group: DataParallelGroup }> {
  const reg = await setup();
  const group = new DataParallelGroup({ workers: 2, timeoutMs: options.timeoutMs ?? 30_000 });
  const trainer = await compile(doc, reg, {
    host: nodeHost,
    replica: group.replica,
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
  });
  if (options.checkpoint) trainer.restore(options.checkpoint);
  await group.start(trainer, { backend: BACKEND, searchDirs, graphDir: templatesDir });
  return { trainer, group };
}

/** Mutable state of a trainer (weights, optimizer slots, running statistics) by checkpoint name. */
export function state(t: Trainer, prefix = ''): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const [name, c] of Object.entries(t.snapshot().tensors)) {
    if (name.startsWith(prefix) && c.dtype === 'float32') out.set(name, c.values as Float32Array);
  }
  return out;
}

/** ‖a − b‖ / ‖a‖ over every tensor of `a` (and the worst single tensor, for messages). */
export function relDiff(a: Map<string, Float32Array>, b: Map<string, Float32Array>): { rel: number; worst: string } {
  let num = 0;
  let den = 0;
  let worst = '';
  let worstRel = -1;
  for (const [name, x] of a) {
    const y = b.get(name);
    if (!y || y.length !== x.length) throw new Error(`"${name}" is missing or has another size`);
    let n = 0;
    let d = 0;
    for (let i = 0; i < x.length; i++) {
      n += (x[i]! - y[i]!) ** 2;
      d += x[i]! ** 2;
    }
    num += n;
    den += d;
    const rel = Math.sqrt(n / Math.max(d, 1e-30));
    if (rel > worstRel) {
      worstRel = rel;
      worst = `${name}: ${rel.toExponential(2)}`;
    }
  }
  return { rel: Math.sqrt(num / den), worst };
}

/**
 * How far apart two runs' weights end up, as a share of how far training moved them from
 * `start`: ‖b − a‖ / ‖a − start‖, which is `relDiff` of the two moves. Unlike `relDiff` of the
 * weights it does not shrink with the learning rate.
 */
export function movedDiff(start: Map<string, Float32Array>, a: Map<string, Float32Array>, b: Map<string, Float32Array>): { rel: number; worst: string } {
  const move = (w: Map<string, Float32Array>) =>
    new Map([...w].map(([name, x]) => {
      const s = start.get(name);
      if (!s || s.length !== x.length) throw new Error(`"${name}" is missing or has another size`);
      return [name, x.map((v, i) => v - s[i]!)];
    }));
  return relDiff(move(a), move(b));
}

/**
 * A small conv GAN with everything that must be sharded: MNIST batches, Gaussian noise,
 * batch norm in both networks (training mode), dropout in D, Adam or SGD. Layers before a
 * batch norm have no bias, as in DCGAN: its true gradient is zero, so what is computed is
 * rounding noise that differs with the summation order (and Adam would blow it up to ±lr).
 */
export function smallConvGan(options: { optimizer?: 'adam' | 'sgd'; batchSize?: number; extraD?: Record<string, unknown>[] } = {}): Record<string, unknown> {
  const opt = options.optimizer === 'sgd' ? { type: 'optim.sgd', params: { lr: 1 } } : { type: 'optim.adam', params: { lr: 0.001, beta1: 0.5 } };
  const chain = (ids: string[]) => ids.slice(1).map((id, i) => ({ source: ids[i]!, sourcePort: 'y', target: id, targetPort: 'x' }));
  const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, version: 1, params });
  const dExtra = options.extraD ?? [];
  const dIds = ['x', 'conv1', 'lrelu1', 'drop', 'conv2', 'bn', 'lrelu2', ...dExtra.map((n) => n.id as string), 'flat', 'score', 'logits'];
  return {
    format: 'ganvas.graph',
    schemaVersion: 2,
    name: 'small conv GAN',
    training: { batchSize: options.batchSize ?? 8, steps: 3, seed: 7, sampleEvery: 0, checkpointEvery: 0 },
    networks: {
      gen: {
        nodes: [
          node('z', 'core.input', { name: 'z', role: 'latent', shape: ['B', 16] }),
          node('project', 'layers.dense', { units: 7 * 7 * 8, useBias: false }),
          node('reshape', 'layers.reshape', { targetShape: [7, 7, 8] }),
          node('bn1', 'layers.batchNorm'),
          node('relu1', 'layers.relu'),
          node('up1', 'layers.conv2dTranspose', { filters: 4, kernelSize: 4, strides: 2, padding: 1, useBias: false }),
          node('bn2', 'layers.batchNorm'),
          node('relu2', 'layers.relu'),
          node('up2', 'layers.conv2dTranspose', { filters: 1, kernelSize: 4, strides: 2, padding: 1 }),
          node('tanh', 'layers.tanh'),
          node('image', 'core.output', { name: 'image' }),
        ],
        edges: chain(['z', 'project', 'reshape', 'bn1', 'relu1', 'up1', 'bn2', 'relu2', 'up2', 'tanh', 'image']),
      },
      disc: {
        nodes: [
          node('x', 'core.input', { name: 'x', role: 'image', shape: ['B', 28, 28, 1], range: [-1, 1] }),
          node('conv1', 'layers.conv2d', { filters: 4, kernelSize: 4, strides: 2, padding: 1 }),
          node('lrelu1', 'layers.leakyRelu', { alpha: 0.2 }),
          node('drop', 'layers.dropout', { rate: 0.3 }),
          node('conv2', 'layers.conv2d', { filters: 8, kernelSize: 4, strides: 2, padding: 1, useBias: false }),
          node('bn', 'layers.batchNorm'),
          node('lrelu2', 'layers.leakyRelu', { alpha: 0.2 }),
          ...dExtra,
          node('flat', 'layers.flatten'),
          node('score', 'layers.dense', { units: 1 }),
          node('logits', 'core.output', { name: 'logits' }),
        ],
        edges: chain(dIds),
      },
    },
    nodes: [
      node('data', 'data.mnist', { split: 'train', range: '[-1,1]', order: 'shuffle' }),
      node('z', 'data.gaussianNoise', { dims: 16 }),
      node('G', 'core.network', { definition: 'gen' }),
      node('D', 'core.network', { definition: 'disc' }),
      node('fake', 'core.apply'),
      node('d_real', 'core.apply'),
      node('d_fake', 'core.apply'),
      node('loss_d', 'loss.gan', { side: 'discriminator' }),
      node('loss_g', 'loss.gan', { side: 'generator' }),
      { id: 'opt_d', type: opt.type, version: 1, label: 'D', params: opt.params },
      { id: 'opt_g', type: opt.type, version: 1, label: 'G', params: opt.params },
      node('schedule', 'optim.schedule', { repeat: [1, 1] }),
    ],
    edges: [
      { source: 'G', sourcePort: 'net', target: 'fake', targetPort: 'network' },
      { source: 'z', sourcePort: 'z', target: 'fake', targetPort: 'z' },
      { source: 'D', sourcePort: 'net', target: 'd_real', targetPort: 'network' },
      { source: 'data', sourcePort: 'image', target: 'd_real', targetPort: 'x' },
      { source: 'D', sourcePort: 'net', target: 'd_fake', targetPort: 'network' },
      { source: 'fake', sourcePort: 'image', target: 'd_fake', targetPort: 'x' },
      { source: 'd_real', sourcePort: 'logits', target: 'loss_d', targetPort: 'real' },
      { source: 'd_fake', sourcePort: 'logits', target: 'loss_d', targetPort: 'fake' },
      { source: 'd_fake', sourcePort: 'logits', target: 'loss_g', targetPort: 'fake' },
      { source: 'loss_d', sourcePort: 'loss', target: 'opt_d', targetPort: 'loss' },
      { source: 'D', sourcePort: 'net', target: 'opt_d', targetPort: 'params' },
      { source: 'loss_g', sourcePort: 'loss', target: 'opt_g', targetPort: 'loss' },
      { source: 'G', sourcePort: 'net', target: 'opt_g', targetPort: 'params' },
      { source: 'opt_d', sourcePort: 'phase', target: 'schedule', targetPort: 'phases' },
      { source: 'opt_g', sourcePort: 'phase', target: 'schedule', targetPort: 'phases' },
    ],
  };
}

/** The DCGAN template with PacGAN packing (`groups` samples per D input) before D's first conv. */
export function packedDcgan(groups: number): any {
  const doc = structuredClone(template('dcgan-mnist.json')) as any;
  const D = doc.networks.dcgan_discriminator;
  D.nodes.push({ id: 'pack', type: 'layers.pack', version: 1, params: { groups } });
  const into = D.edges.find((e: any) => e.target === 'conv1');
  D.edges.push({ source: into.source, sourcePort: into.sourcePort, target: 'pack', targetPort: 'x' });
  Object.assign(into, { source: 'pack', sourcePort: 'y' });
  return doc;
}
