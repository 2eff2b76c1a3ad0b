#!/usr/bin/env node
// Writes the GAN-family templates (gan, wgan, wgan-gp, cgan on MNIST) from small builders, so the
// four graphs share their pieces and differ exactly where the models differ (loss, optimizer,
// schedule, clipping, penalty, conditioning). Run: node templates/gan-family.mjs
// The JSON files are the product; this script only keeps them consistent.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** A network definition from a chain of [id, type, params] (plus extra nodes/edges). */
function chain(title, description, inputs, layers, outputName, extra = { nodes: [], edges: [] }) {
  const nodes = inputs.map((inp, i) => ({
    id: inp.name,
    type: 'core.input',
    version: 1,
    params: inp,
    position: { x: 200 * i, y: 0 },
  }));
  const edges = [];
  let prev = inputs[0].name;
  layers.forEach(([id, type, params, from], i) => {
    nodes.push({ id, type, version: 1, params, position: { x: 0, y: 90 * (i + 1) } });
    for (const src of from ?? [prev]) edges.push({ source: src, sourcePort: 'y', target: id, targetPort: 'x' });
    prev = id;
  });
  nodes.push(...extra.nodes);
  edges.push(...extra.edges);
  nodes.push({ id: outputName, type: 'core.output', version: 1, params: { name: outputName }, position: { x: 0, y: 90 * (layers.length + 1) } });
  edges.push({ source: prev, sourcePort: 'y', target: outputName, targetPort: 'x' });
  return { title, description, nodes, edges };
}

const normal = { init: 'normal', initStd: 0.02 };
const lrelu = (id) => [id, 'layers.leakyRelu', { alpha: 0.2 }];

/** DCGAN generator body from a [B, zIn] input (z, or z concatenated with a one-hot label). */
function dcganGeneratorLayers(first = undefined) {
  return [
    ['project', 'layers.dense', { units: 3136, useBias: false, ...normal }, first],
    ['reshape', 'layers.reshape', { targetShape: [7, 7, 64] }],
    ['bn1', 'layers.batchNorm', {}],
    ['relu1', 'layers.relu', {}],
    ['up1', 'layers.conv2dTranspose', { filters: 32, kernelSize: 4, strides: 2, padding: 1, useBias: false, ...normal }],
    ['bn2', 'layers.batchNorm', {}],
    ['relu2', 'layers.relu', {}],
    ['up2', 'layers.conv2dTranspose', { filters: 1, kernelSize: 4, strides: 2, padding: 1, useBias: false, ...normal }],
    ['tanh', 'layers.tanh', {}],
  ];
}

/** DCGAN discriminator body; `bn` false gives the WGAN-GP critic (no batch norm). */
function dcganCriticLayers({ bn, first }) {
  return [
    ['conv1', 'layers.conv2d', { filters: 32, kernelSize: 4, strides: 2, padding: 1, ...normal }, first],
    lrelu('lrelu1'),
    ['conv2', 'layers.conv2d', { filters: 64, kernelSize: 4, strides: 2, padding: 1, useBias: !bn, ...normal }],
    ...(bn ? [['bn2', 'layers.batchNorm', {}]] : []),
    lrelu('lrelu2'),
    ['flatten', 'layers.flatten', {}],
    ['head', 'layers.dense', { units: 1, ...normal }],
  ];
}

const zInput = (dims) => ({ name: 'z', role: 'latent', shape: ['B', dims] });
const imageInput = { name: 'x', role: 'image', shape: ['B', 28, 28, 1], range: [-1, 1] };
const labelInput = { name: 'y', role: 'onehot', shape: ['B', 10] };

/** Top-level graph pieces. */
const node = (id, type, params, label, x, y) => ({ id, type, version: 1, ...(label ? { label } : {}), params, position: { x, y } });
const edge = (source, sourcePort, target, targetPort) => ({ source, sourcePort, target, targetPort });

/** The shared unconditional skeleton: data, noise, G, critic/D, G(z), D(x), D(G(z)), preview. */
function unconditional(gDef, dDef, zDims) {
  return {
    nodes: [
      node('data', 'data.mnist', { split: 'train', range: '[-1,1]', order: 'shuffle' }, 'MNIST', 0, 0),
      node('z', 'data.gaussianNoise', { dims: zDims }, 'z ~ N(0, I)', 0, 220),
      node('G', 'core.network', { definition: gDef }, 'G', 250, 360),
      node('D', 'core.network', { definition: dDef }, 'D', 500, 360),
      node('fake', 'core.apply', {}, 'G(z)', 250, 220),
      node('d_real', 'core.apply', {}, 'D(x)', 500, 0),
      node('d_fake', 'core.apply', {}, 'D(G(z))', 500, 220),
      node('preview', 'core.preview', { count: 64 }, 'Samples', 250, 0),
    ],
    edges: [
      edge('G', 'net', 'fake', 'network'),
      edge('z', 'z', 'fake', 'z'),
      edge('D', 'net', 'd_real', 'network'),
      edge('data', 'image', 'd_real', 'x'),
      edge('D', 'net', 'd_fake', 'network'),
      edge('fake', 'image', 'd_fake', 'x'),
      edge('fake', 'image', 'preview', 'image'),
    ],
  };
}

function doc(name, description, training, networks, body) {
  return { format: 'ganvas.graph', schemaVersion: 2, name, description, training, networks, nodes: body.nodes, edges: body.edges };
}

/**
 * Goodfellow et al.'s training as DCGAN runs it: BCE on D's logits, the non-saturating G loss,
 * Adam(2e-4, beta1 0.5) for each network, one D update then one G update per step. Expects
 * apply nodes `d_real` and `d_fake` with a `logits` output and networks `D` and `G`.
 */
function nonSaturatingTraining() {
  return {
    nodes: [
      node('loss_d', 'loss.gan', { side: 'discriminator' }, 'D loss', 750, 0),
      node('loss_g', 'loss.gan', { side: 'generator', form: 'nonsaturating' }, 'G loss', 750, 220),
      node('opt_d', 'optim.adam', { lr: 0.0002, beta1: 0.5, beta2: 0.999 }, 'D', 1000, 0),
      node('opt_g', 'optim.adam', { lr: 0.0002, beta1: 0.5, beta2: 0.999 }, 'G', 1000, 220),
      node('schedule', 'optim.schedule', { repeat: [1, 1] }, 'D then G', 1250, 110),
    ],
    edges: [
      edge('d_real', 'logits', 'loss_d', 'real'),
      edge('d_fake', 'logits', 'loss_d', 'fake'),
      edge('d_fake', 'logits', 'loss_g', 'fake'),
      edge('loss_d', 'loss', 'opt_d', 'loss'),
      edge('D', 'net', 'opt_d', 'params'),
      edge('loss_g', 'loss', 'opt_g', 'loss'),
      edge('G', 'net', 'opt_g', 'params'),
      edge('opt_d', 'phase', 'schedule', 'phases'),
      edge('opt_g', 'phase', 'schedule', 'phases'),
    ],
  };
}

function write(file, d) {
  fs.writeFileSync(path.join(here, file), `${JSON.stringify(d, null, 2)}\n`);
  console.log(`wrote templates/${file}`);
}

// ---- GAN (Goodfellow et al.): MLP G and D, non-saturating G loss --------------------------
{
  const networks = {
    mlp_generator: chain(
      'MLP generator',
      'z (64) -> dense 256 -> LeakyReLU -> dense 512 -> LeakyReLU -> dense 784 -> tanh -> 28x28x1',
      [zInput(64)],
      [
        ['fc1', 'layers.dense', { units: 256 }],
        lrelu('act1'),
        ['fc2', 'layers.dense', { units: 512 }],
        lrelu('act2'),
        ['fc3', 'layers.dense', { units: 784 }],
        ['tanh', 'layers.tanh', {}],
        ['image_shape', 'layers.reshape', { targetShape: [28, 28, 1] }],
      ],
      'image',
    ),
    mlp_discriminator: chain(
      'MLP discriminator',
      '28x28x1 image -> flatten -> dense 512 -> LeakyReLU -> dense 256 -> LeakyReLU -> dense logit',
      [imageInput],
      [
        ['flatten', 'layers.flatten', {}],
        ['fc1', 'layers.dense', { units: 512 }],
        lrelu('act1'),
        ['fc2', 'layers.dense', { units: 256 }],
        lrelu('act2'),
        ['logit', 'layers.dense', { units: 1 }],
      ],
      'logits',
    ),
  };
  const body = unconditional('mlp_generator', 'mlp_discriminator', 64);
  const training = nonSaturatingTraining();
  body.nodes.push(...training.nodes);
  body.edges.push(...training.edges);
  write(
    'gan-mnist.json',
    doc(
      'GAN on MNIST',
      "Goodfellow et al.'s GAN with multilayer perceptrons: min_G max_D E[log D(x)] + E[log(1 − D(G(z)))], " +
        'trained with the non-saturating generator loss −E[log D(G(z))], one D update per G update, Adam(2e-4, beta1 0.5). ' +
        'MLP G (64 → 256 → 512 → 784, tanh) and D (784 → 512 → 256 → 1 logit) with LeakyReLU. 5000 steps of batch 64 (~57 ms/step on wasm, 2 cores).',
      { batchSize: 64, steps: 5000, seed: 1, sampleEvery: 500, checkpointEvery: 2500 },
      networks,
      body,
    ),
  );
}

const dcganG = chain(
  'DCGAN generator',
  'z (100) -> project to 7x7x64 -> BN, ReLU -> 4x4 stride-2 transposed conv to 14x14x32 -> BN, ReLU -> transposed conv to 28x28x1 -> tanh',
  [zInput(100)],
  dcganGeneratorLayers(),
  'image',
);

/**
 * The gradient penalty node `gp` calls D on interpolates of the data and G(z); its loss is added
 * to D's loss `lossId` in `loss_total`, which feeds D's optimizer (WGAN-GP, DCGAN-GP0).
 */
function penaltyEdges(lossId) {
  return [
    edge('D', 'net', 'gp', 'critic'),
    edge('data', 'image', 'gp', 'real'),
    edge('fake', 'image', 'gp', 'fake'),
    edge(lossId, 'loss', 'loss_total', 'terms'),
    edge('gp', 'loss', 'loss_total', 'terms'),
    edge('loss_total', 'loss', 'opt_d', 'loss'),
  ];
}

/** WGAN and WGAN-GP share everything but the Lipschitz constraint and the optimizer. */
function wasserstein(criticDef) {
  const body = unconditional('dcgan_generator', criticDef, 100);
  body.nodes.push(
    node('loss_c', 'gan.wasserstein', { side: 'critic' }, 'critic loss', 750, 0),
    node('loss_g', 'gan.wasserstein', { side: 'generator' }, 'G loss', 750, 220),
    node('schedule', 'optim.schedule', { repeat: [5, 1] }, '5 critic steps, then G', 1250, 110),
  );
  body.edges.push(
    edge('d_real', 'score', 'loss_c', 'real'),
    edge('d_fake', 'score', 'loss_c', 'fake'),
    edge('d_fake', 'score', 'loss_g', 'fake'),
    edge('D', 'net', 'opt_d', 'params'),
    edge('loss_g', 'loss', 'opt_g', 'loss'),
    edge('G', 'net', 'opt_g', 'params'),
  );
  return body;
}

// ---- WGAN (Arjovsky et al.): weight clipping ----------------------------------------------
{
  const networks = {
    dcgan_generator: dcganG,
    wgan_critic: chain(
      'WGAN critic',
      '28x28x1 image -> 4x4 stride-2 conv 32 -> LeakyReLU -> conv 64 -> BN -> LeakyReLU -> dense score (no sigmoid)',
      [imageInput],
      dcganCriticLayers({ bn: true }),
      'score',
    ),
  };
  const body = wasserstein('wgan_critic');
  body.nodes.push(
    node('opt_d', 'optim.rmsprop', { lr: 0.00005 }, 'critic', 1000, 0),
    node('opt_g', 'optim.rmsprop', { lr: 0.00005 }, 'G', 1000, 220),
    node('clip', 'optim.clipWeights', { clip: 0.01 }, 'clip to ±0.01', 1125, 0),
  );
  body.edges.push(
    edge('loss_c', 'loss', 'opt_d', 'loss'),
    edge('opt_d', 'phase', 'clip', 'phase'),
    edge('D', 'net', 'clip', 'network'),
    // The schedule runs phases in edge order: critic (through clipping) first, then G.
    edge('clip', 'phase', 'schedule', 'phases'),
    edge('opt_g', 'phase', 'schedule', 'phases'),
  );
  write(
    'wgan-mnist.json',
    doc(
      'WGAN on MNIST',
      'Arjovsky et al.: a critic f estimates W = E f(x) − E f(G(z)); the critic minimises E f(G(z)) − E f(x), ' +
        'G minimises −E f(G(z)). After every critic update its weights are clipped to [−0.01, 0.01]; ' +
        '5 critic updates per G update, RMSprop(5e-5). DCGAN generator, DCGAN-shaped critic (batch norm kept, as in the paper) with a raw score. ' +
        '1200 steps of batch 64 (6000 critic + 1200 G updates; ~0.9 s/step on wasm, 2 cores).',
      { batchSize: 64, steps: 1200, seed: 1, sampleEvery: 200, checkpointEvery: 600 },
      networks,
      body,
    ),
  );
}

// ---- WGAN-GP (Gulrajani et al.): gradient penalty -----------------------------------------
{
  const networks = {
    dcgan_generator: dcganG,
    wgan_gp_critic: chain(
      'WGAN-GP critic',
      '28x28x1 image -> 4x4 stride-2 conv 32 -> LeakyReLU -> conv 64 -> LeakyReLU -> dense score. No batch norm: the penalty is per sample.',
      [imageInput],
      dcganCriticLayers({ bn: false }),
      'score',
    ),
  };
  // Both networks' Adam, and the step count: docs/results.md (session 16) for why these.
  const adam = { lr: 0.0002, beta1: 0.5, beta2: 0.9 };
  const steps = 4800;
  const body = wasserstein('wgan_gp_critic');
  body.nodes.push(
    node('gp', 'gan.gradientPenalty', { lambda: 10 }, 'gradient penalty', 750, -140),
    node('loss_total', 'loss.weightedSum', {}, 'critic loss + penalty', 875, 0),
    node('opt_d', 'optim.adam', { ...adam }, 'critic', 1000, 0),
    node('opt_g', 'optim.adam', { ...adam }, 'G', 1000, 220),
  );
  body.edges.push(
    ...penaltyEdges('loss_c'),
    edge('opt_d', 'phase', 'schedule', 'phases'),
    edge('opt_g', 'phase', 'schedule', 'phases'),
  );
  write(
    'wgan-gp-mnist.json',
    doc(
      'WGAN-GP on MNIST',
      'Gulrajani et al.: the WGAN critic loss E f(G(z)) − E f(x) plus λ·E[(‖∇_x̂ f(x̂)‖₂ − 1)²] on random interpolates ' +
        `x̂ = εx + (1 − ε)G(z) instead of weight clipping; λ = 10, 5 critic updates per G update, Adam(${adam.lr.toExponential()}, β = (${adam.beta1}, ${adam.beta2})) ` +
        '(the paper\'s 1e-4 and β1 = 0 train the same networks half as fast, and left one seed in three short of 1s). ' +
        'DCGAN generator; DCGAN-shaped critic without batch norm. The optimizer differentiates the penalty (second order). ' +
        `${steps} steps of batch 64 (${5 * steps} critic + ${steps} G updates; ~0.7 s/step on wasm, one core). At ${steps} steps each of ` +
        'three seeds draws every digit as 5–15% of the samples; at 3200 one of them still draws 19% 9s (docs/results.md).',
      { batchSize: 64, steps, seed: 1, sampleEvery: 400, checkpointEvery: 800 },
      networks,
      body,
    ),
  );
}

// ---- Conditional GAN (Mirza & Osindero): G(z|y), D(x|y) -----------------------------------
{
  const networks = {
    cgan_generator: chain(
      'Conditional DCGAN generator',
      '[z (100), y one-hot (10)] concatenated -> project to 7x7x64 -> BN, ReLU -> transposed conv to 14x14x32 -> BN, ReLU -> transposed conv to 28x28x1 -> tanh',
      [zInput(100), labelInput],
      [['zy', 'layers.concat', { axis: -1 }, ['z', 'y']], ...dcganGeneratorLayers()],
      'image',
    ),
    cgan_discriminator: chain(
      'Conditional DCGAN discriminator',
      '28x28x1 image with y tiled to 28x28x10 concatenated on channels (11 channels) -> 4x4 stride-2 conv 32 -> LeakyReLU -> conv 64 -> BN -> LeakyReLU -> dense logit',
      [imageInput, labelInput],
      [
        ['y_maps', 'gan.tileLabels', {}, []],
        ['xy', 'layers.concat', { axis: -1 }, ['x', 'y_maps']],
        ...dcganCriticLayers({ bn: true }),
      ],
      'logits',
      {
        nodes: [],
        edges: [
          { source: 'y', sourcePort: 'y', target: 'y_maps', targetPort: 'label' },
          { source: 'x', sourcePort: 'y', target: 'y_maps', targetPort: 'like' },
        ],
      },
    ),
  };
  const training = nonSaturatingTraining();
  const body = {
    nodes: [
      node('data', 'data.mnist', { split: 'train', range: '[-1,1]', order: 'shuffle' }, 'MNIST (images + labels)', 0, 0),
      node('z', 'data.gaussianNoise', { dims: 100 }, 'z ~ N(0, I)', 0, 220),
      node('y_fake', 'data.randomLabels', { classes: 10 }, 'y ~ U{0..9}', 0, 330),
      node('G', 'core.network', { definition: 'cgan_generator' }, 'G', 250, 360),
      node('D', 'core.network', { definition: 'cgan_discriminator' }, 'D', 500, 360),
      node('fake', 'core.apply', {}, 'G(z|y)', 250, 220),
      node('d_real', 'core.apply', {}, 'D(x|y)', 500, 0),
      node('d_fake', 'core.apply', {}, 'D(G(z|y)|y)', 500, 220),
      node('preview', 'core.preview', { count: 64 }, 'Samples', 250, 0),
      ...training.nodes,
    ],
    edges: [
      edge('G', 'net', 'fake', 'network'),
      edge('z', 'z', 'fake', 'z'),
      edge('y_fake', 'label', 'fake', 'y'),
      edge('D', 'net', 'd_real', 'network'),
      edge('data', 'image', 'd_real', 'x'),
      edge('data', 'label', 'd_real', 'y'),
      edge('D', 'net', 'd_fake', 'network'),
      edge('fake', 'image', 'd_fake', 'x'),
      edge('y_fake', 'label', 'd_fake', 'y'),
      edge('fake', 'image', 'preview', 'image'),
      ...training.edges,
    ],
  };
  write(
    'cgan-mnist.json',
    doc(
      'Conditional GAN on MNIST',
      'Mirza & Osindero: G(z|y) and D(x|y) with y one-hot. G gets [z, y] concatenated; D gets y tiled to 28×28×10 maps ' +
        'concatenated onto the image channels (gan.tileLabels + layers.concat). Real pairs come from MNIST with their labels, ' +
        'fake pairs use uniformly drawn labels. DCGAN-shaped networks, non-saturating loss, Adam(2e-4, beta1 0.5). ' +
        'Set the labels to draw a chosen digit. 4500 steps of batch 64 (~0.34 s/step on wasm, 2 cores).',
      { batchSize: 64, steps: 4500, seed: 1, sampleEvery: 500, checkpointEvery: 1500 },
      networks,
      body,
    ),
  );
}

// ---- DCGAN with a zero-centred gradient penalty (Thanh-Tung et al. 2019) -------------------
// Derived from the hand-written dcgan-mnist.json by rewiring: D loses its batch norm (the
// penalty is per sample) and its loss gains λ·E[‖∇_x̂ D(x̂)‖²] on interpolates, which keeps D
// smooth between real and fake digits; D takes two updates per G update, and the run is 4000
// steps. With one D update and 2000–3000 steps, 3 of 9 checkpoints over three seeds met the
// 5–15% class bar (too many 9s); with two D updates all three seeds meet it at 3500 and 4000
// (docs/results.md). Same generator, losses and optimizers.
{
  const d = JSON.parse(fs.readFileSync(path.join(here, 'dcgan-mnist.json'), 'utf8'));
  const net = d.networks.dcgan_discriminator;
  const bn = net.nodes.filter((n) => n.type === 'layers.batchNorm');
  if (bn.length !== 1) throw new Error(`dcgan-mnist.json: expected one batch norm in D, found ${bn.length}`);
  const bnId = bn[0].id;
  const into = net.edges.find((e) => e.target === bnId);
  const outOf = net.edges.filter((e) => e.source === bnId);
  net.nodes = net.nodes.filter((n) => n.id !== bnId);
  net.edges = net.edges.filter((e) => e.source !== bnId && e.target !== bnId);
  for (const e of outOf) net.edges.push({ source: into.source, sourcePort: into.sourcePort, target: e.target, targetPort: e.targetPort });
  net.description = net.description.replace(' -> BN', '') + '. No batch norm: the penalty is per sample.';
  d.nodes.push(
    node('gp', 'gan.gradientPenalty', { lambda: 10, target: 0 }, 'zero-centred penalty', 600, 400),
    node('loss_total', 'loss.weightedSum', {}, 'D loss + penalty', 700, 400),
  );
  d.edges = d.edges.filter((e) => !(e.source === 'loss_d' && e.target === 'opt_d'));
  d.edges.push(...penaltyEdges('loss_d'));
  const schedule = d.nodes.find((n) => n.type === 'optim.schedule');
  if (!schedule || schedule.params.repeat.join() !== '1,1') throw new Error('dcgan-mnist.json: expected a schedule of one D and one G update');
  schedule.params = { ...schedule.params, repeat: [2, 1] };
  schedule.label = '2 D updates, then G';
  d.training = { ...d.training, steps: 4000 };
  d.name = 'DCGAN on MNIST, zero-centred gradient penalty';
  d.description =
    'dcgan-mnist.json with D regularised as in Thanh-Tung et al. (2019): D loss + λ·E[‖∇_x̂ D(x̂)‖²] on random interpolates ' +
    'x̂ = εx + (1 − ε)G(z), λ = 10 (gan.gradientPenalty with target 0), no batch norm in D, and two D updates per G update. ' +
    'Over three seeds it mixes the digits evenly (every digit 5–15% of the samples) and scores a lower Fréchet distance than ' +
    'the plain DCGAN (docs/results.md). Same generator, losses and Adam(2e-4, beta1 0.5); 4000 steps of batch 64 (~0.3 s/step ' +
    'on wasm, one core); the penalty needs second-order gradients, so --workers is refused.';
  write('dcgan-gp0-mnist.json', d);
}
