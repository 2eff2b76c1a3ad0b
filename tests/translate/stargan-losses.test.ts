import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@ganvas/core';
import { selectBackend } from '@ganvas/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeBundle, type BundleArray } from '../reference/bundle.js';
import { PYTHON, requireTorch, tempDir } from '../reference/python.js';
import { execFileSync } from 'node:child_process';
import { compileTemplate, evalContext, here, lossesOf, seededMemo, templatesDir } from './helpers.js';

beforeAll(async () => {
  requireTorch();
  await selectBackend('wasm');
});

const f32 = (t: tf.Tensor): BundleArray => ({ shape: [...t.shape], values: Float32Array.from(t.dataSync()) });

const D_TERMS = ['adv_d', 'cls_real', 'gp', 'loss_d'] as const;
const G_TERMS = ['adv_g', 'cls_fake', 'loss_rec', 'loss_g'] as const;
const TORCH_NAME: Record<string, string> = {
  adv_d: 'd_adv', cls_real: 'd_cls', gp: 'd_gp', loss_d: 'loss_d',
  adv_g: 'g_adv', cls_fake: 'g_cls', loss_rec: 'g_rec', loss_idt: 'g_idt', loss_g: 'loss_g',
};

/**
 * Runs one D+G step of the template (so Adam has moved every weight off its initial value), then
 * evaluates each loss term through the template's own wiring on chosen inputs, and the same
 * terms in PyTorch on the same weights and inputs (stargan_ref.py rebuilds the networks from the
 * template). `seed` gives the nodes' outputs the test fixes; the gradient penalty draws its ε
 * as the first B uniforms of the evaluation stream, which the test reproduces for PyTorch.
 */
async function compare(file: string, batch: number, inputs: (x: tf.Tensor, labels: tf.Tensor) => { seed: Record<string, Record<string, tf.Tensor>>; extra: Record<string, tf.Tensor> }) {
  const { trainer, file: full } = await compileTemplate(file, batch);
  await trainer.runStep();
  const source = trainer.top.nodes.has('data') ? 'data' : 'data_a';
  const drawn = trainer.top.evaluate(source, seededMemo({}) as never, evalContext(3, batch)) as Record<string, tf.Tensor>;
  const { seed, extra } = inputs(drawn.image!, drawn.label!);
  const ours: Record<string, number> = {};
  // A template with the identity term (loss_idt) is compared on it too.
  const gTerms = trainer.top.nodes.has('loss_idt') ? [...G_TERMS, 'loss_idt'] : [...G_TERMS];
  for (const terms of [[...D_TERMS], gTerms]) {
    const memo = seededMemo(seed);
    const ctx = evalContext(77, batch);
    Object.assign(ours, lossesOf(trainer, memo, terms, ctx));
  }
  const rng = new Rng(77);
  const n = Object.values(seed).map((o) => Object.values(o)[0]!)[0]!.shape[0]!;
  const eps = Float32Array.from({ length: n }, () => rng.uniform());
  const snap = trainer.snapshot();
  const arrays: Record<string, BundleArray> = { eps: { shape: [n], values: eps } };
  for (const [name, t] of Object.entries(snap.tensors)) {
    if (name.startsWith('weights/')) arrays[name] = { shape: t.shape, values: Float32Array.from(t.values) };
  }
  for (const [name, t] of Object.entries(extra)) arrays[name] = f32(t);
  const dir = tempDir('stargan-ref');
  writeBundle(dir, arrays);
  const out = execFileSync(PYTHON, [path.join(here, 'stargan_ref.py'), full, dir], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  const ref = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>;
  const errors = Object.fromEntries(
    Object.entries(ours).map(([id, v]) => [id, Math.abs(v - ref[TORCH_NAME[id]!]!) / Math.max(1e-3, Math.abs(ref[TORCH_NAME[id]!]!))]),
  );
  console.log(`${file} vs PyTorch (ours / torch / rel error):\n${Object.keys(ours).map((k) => `  ${k}: ${ours[k]!.toFixed(6)} / ${ref[TORCH_NAME[k]!]!.toFixed(6)} / ${errors[k]!.toExponential(2)}`).join('\n')}`);
  trainer.dispose();
  return errors;
}

type Net = { nodes: { id: string; type: string; version: number; params: Record<string, unknown> }[]; edges: { source: string; sourcePort: string; target: string; targetPort: string }[] };

/**
 * stargan-shapes.json with a conditional critic, written to a temp file: the labels tiled onto
 * D's map after conv2 and fed on to conv3; a projection term ⟨V c, φ(x)⟩ (dense, reshape,
 * multiply, 1×1 conv) added to the source score; and the classification head as a branch of its
 * own from conv2 (conv, max pool to 2×2, flatten in NHWC order, dense). D gets the real labels
 * with real images and the targets with translations, the penalty the real ones.
 */
function conditionalCriticTemplate(): string {
  const doc = JSON.parse(fs.readFileSync(path.join(templatesDir, 'stargan-shapes.json'), 'utf8')) as { networks: Record<string, Net>; edges: Net['edges'] };
  const d = doc.networks.stargan_discriminator!;
  const node = (id: string, type: string, params: Record<string, unknown>) => d.nodes.push({ id, type, version: 1, params });
  const edge = (source: string, target: string, targetPort = 'x') => d.edges.push({ source, sourcePort: 'y', target, targetPort });
  d.nodes = d.nodes.filter((n) => n.id !== 'cls_conv' && n.id !== 'cls_flat');
  d.edges = d.edges.filter((e) => !['cls_conv', 'cls_flat', 'cls', 'conv3', 'src'].includes(e.target));
  const conv = (filters: number, kernelSize: number, padding: number, useBias = true) => ({ filters, kernelSize, strides: 1, padding, useBias, init: 'normal', initStd: 0.02 });
  node('c', 'core.input', { name: 'c', role: 'label', shape: ['B', 8] });
  node('c_maps', 'gan.tileLabels', {});
  node('cond_in', 'layers.concat', { axis: -1 });
  node('cls_k', 'layers.conv2d', conv(16, 3, 1));
  node('cls_a', 'layers.leakyRelu', { alpha: 0.01 });
  node('cls_pool', 'layers.maxPool2d', { poolSize: 4, strides: 4 });
  node('cls_flat', 'layers.flatten', {});
  node('cls_out', 'layers.dense', { units: 8 });
  node('embed', 'layers.dense', { units: 128, useBias: false });
  node('embed_map', 'layers.reshape', { targetShape: [1, 1, 128] });
  node('proj', 'layers.multiply', {});
  node('proj_sum', 'layers.conv2d', conv(1, 1, 0, false));
  node('src_sum', 'layers.add', {});
  edge('c', 'c_maps', 'label');
  edge('lrelu2', 'c_maps', 'like');
  for (const [a, b] of [['lrelu2', 'cond_in'], ['c_maps', 'cond_in'], ['cond_in', 'conv3']]) edge(a!, b!);
  for (const [a, b] of [['lrelu2', 'cls_k'], ['cls_k', 'cls_a'], ['cls_a', 'cls_pool'], ['cls_pool', 'cls_flat'], ['cls_flat', 'cls_out'], ['cls_out', 'cls']]) edge(a!, b!);
  for (const [a, b] of [['c', 'embed'], ['embed', 'embed_map'], ['embed_map', 'proj'], ['lrelu4', 'proj'], ['proj', 'proj_sum'], ['proj_sum', 'src_sum'], ['src_conv', 'src_sum'], ['src_sum', 'src']]) edge(a!, b!);
  doc.edges.push(
    { source: 'data', sourcePort: 'label', target: 'd_real', targetPort: 'c' },
    { source: 'target', sourcePort: 'label', target: 'd_fake', targetPort: 'c' },
    { source: 'data', sourcePort: 'label', target: 'gp', targetPort: 'condition' },
  );
  const file = path.join(tempDir('stargan-conditional-critic'), 'stargan-shapes-conditional-critic.json');
  fs.writeFileSync(file, JSON.stringify(doc));
  return file;
}

/**
 * stargan-shapes.json with G's decoder as resize + conv (what translate.mjs builds with
 * `upsample: true`): each 4×4 stride-2 transposed conv becomes a nearest ×2 upsample and a 3×3
 * conv, written to a temp file.
 */
function upsamplingGeneratorTemplate(): string {
  const doc = JSON.parse(fs.readFileSync(path.join(templatesDir, 'stargan-shapes.json'), 'utf8')) as { networks: Record<string, Net> };
  const g = doc.networks.stargan_generator!;
  for (const id of ['up1', 'up2']) {
    const layer = g.nodes.find((n) => n.id === id)!;
    layer.type = 'layers.conv2d';
    layer.params = { ...layer.params, kernelSize: 3, strides: 1, padding: 1 };
    g.nodes.push({ id: `${id}_resize`, type: 'layers.upsample', version: 1, params: { factor: 2, mode: 'nearest' } });
    const into = g.edges.find((e) => e.target === id)!;
    g.edges.push({ source: into.source, sourcePort: into.sourcePort, target: `${id}_resize`, targetPort: 'x' });
    Object.assign(into, { source: `${id}_resize`, sourcePort: 'y' });
  }
  const file = path.join(tempDir('stargan-upsampling-generator'), 'stargan-shapes-upsampling-g.json');
  fs.writeFileSync(file, JSON.stringify(doc));
  return file;
}

/** Target c: the labels rotated by one row (a fixed permutation). */
function rotatedTargets(x: tf.Tensor, labels: tf.Tensor) {
  const trg = tf.concat([tf.slice(labels, [1, 0], [-1, -1]), tf.slice(labels, [0, 0], [1, -1])], 0);
  return { seed: { data: { image: x, label: labels }, target: { label: trg } }, extra: { x, c_org: labels, c_trg: trg } };
}

describe('StarGAN losses vs PyTorch on identical weights and inputs', () => {
  it('stargan-shapes: L_D = −L_adv + λ_cls·L_cls^r + λ_gp·GP and L_G = L_adv + λ_cls·L_cls^f + λ_rec·L_rec', async () => {
    const errors = await compare('stargan-shapes.json', 4, rotatedTargets);
    for (const [term, e] of Object.entries(errors)) expect(e, term).toBeLessThan(term === 'gp' ? 2e-3 : 5e-4);
  }, 120_000);

  it('a conditional critic (labels into D, a projection term, a pooled classification branch): the same terms, D seeing c′ with x and c with G(x, c)', async () => {
    const errors = await compare(conditionalCriticTemplate(), 4, rotatedTargets);
    expect(Object.keys(errors).sort()).toEqual([...D_TERMS, ...G_TERMS].sort());
    for (const [term, e] of Object.entries(errors)) expect(e, term).toBeLessThan(term === 'gp' ? 2e-3 : 5e-4);
  }, 120_000);

  it("a generator whose decoder upsamples and convolves (layers.upsample): the same terms", async () => {
    const errors = await compare(upsamplingGeneratorTemplate(), 4, rotatedTargets);
    expect(Object.keys(errors).sort()).toEqual([...D_TERMS, ...G_TERMS].sort());
    for (const [term, e] of Object.entries(errors)) expect(e, term).toBeLessThan(term === 'gp' ? 2e-3 : 5e-4);
  }, 120_000);

  it('stargan-two-datasets: the same terms with c̃ = [c_A, c_B, m], masked classification losses and the identity term', async () => {
    const errors = await compare('stargan-two-datasets.json', 2, () => {
      // Two samples of dataset A (8 labels) and two of dataset B (4 labels), c̃ of width 14.
      const rows = (specs: [number, number[]][]) =>
        tf.tensor2d(specs.map(([d, on]) => Array.from({ length: 14 }, (_, j) => (on.includes(j) || j === 12 + d ? 1 : 0))));
      const org = rows([[0, [0, 4, 7]], [0, [2, 5]], [1, [8]], [1, [10]]]);
      const trg = rows([[0, [2, 5]], [0, [0, 4, 7]], [1, [10]], [1, [8]]]);
      const x = tf.tidy(() => tf.sub(tf.mul(tf.randomUniform([4, 32, 32, 3], 0, 1, 'float32', 5), 2), 1));
      const mask = (c: tf.Tensor) => {
        const m = c.arraySync() as number[][];
        return tf.tensor2d(m.map((r) => Array.from({ length: 12 }, (_, j) => (j < 8 ? r[12]! : r[13]!))));
      };
      return {
        seed: { images: { y: x }, cond: { y: org }, target: { label: trg } },
        extra: { x, c_org: org, c_trg: trg, lab_org: tf.slice(org, [0, 0], [4, 12]), lab_trg: tf.slice(trg, [0, 0], [4, 12]), mask_org: mask(org), mask_trg: mask(trg) },
      };
    });
    expect(Object.keys(errors).sort()).toEqual([...D_TERMS, ...G_TERMS, 'loss_idt'].sort());
    for (const [term, e] of Object.entries(errors)) expect(e, term).toBeLessThan(term === 'gp' ? 2e-3 : 5e-4);
  }, 120_000);
  it('the reference times training steps for the bench (stargan_ref.py --time), and refuses a template it cannot time', () => {
    const time = (template: string) =>
      execFileSync(PYTHON, [path.join(here, 'stargan_ref.py'), '--time', template, '--steps', '3', '--batch', '2'], {
        encoding: 'utf8',
        cwd: path.resolve(here, '../..'),
        env: { ...process.env, OMP_NUM_THREADS: '1' },
      });
    const r = JSON.parse(time('templates/stargan-shapes.json').trim().split('\n').at(-1)!) as {
      steps: number; batch: number; msPerStep: number; cpuMsPerStep: number; final: { lossD: number; lossG: number };
    };
    expect([r.steps, r.batch]).toEqual([3, 2]);
    expect(r.msPerStep).toBeGreaterThan(0);
    expect(r.cpuMsPerStep).toBeGreaterThan(0);
    // G's loss holds λ_rec·L1 (≥ 0) and a BCE sum over 8 labels (≥ 0) besides −D_src: finite, not NaN.
    expect(Number.isFinite(r.final.lossD) && Number.isFinite(r.final.lossG)).toBe(true);
    expect(() => time('templates/stargan-two-datasets.json')).toThrow(/mask-vector template is not timed/);
  }, 120_000);
});
