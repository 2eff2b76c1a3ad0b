// Measurement (not a test): style transfer with the real VGG-19 block1-3 weights at 256×256 on
// wasm. Prints content/style loss over the steps and the per-step time, writes the images.
//   flock /tmp/ganvas-heavy.lock node tests/style/bench-style.mjs [steps] [outDir]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { compile, buildTestNode } from '@ganvas/core';
import { selectBackend } from '@ganvas/backend';
import { createNodeHost, createNodeRegistry, encodePng } from '@ganvas/host-node';
import { vgg19, gramMatrix, contentLoss, styleLayerLoss } from '@ganvas/nodes-style';

const here = path.dirname(fileURLToPath(import.meta.url));
const WEIGHTS = process.env.GANVAS_VGG19_WEIGHTS ?? '/work/shared/models/vgg19-block3';
const steps = Number(process.argv[2] ?? 100);
const outDir = path.resolve(process.argv[3] ?? 'runs/style-bench');
const ALPHA = Number(process.env.ALPHA ?? 1), BETA = Number(process.env.BETA ?? 1000), LR = Number(process.env.LR ?? 0.02);
const STYLE = ['block1_conv1', 'block2_conv1', 'block3_conv1'], CONTENT = 'block3_conv2';

await selectBackend('wasm');
const { registry } = await createNodeRegistry({ searchDirs: [path.resolve(here, '..')] });
const templatesDir = path.resolve(here, '../../templates');
const doc = JSON.parse(fs.readFileSync(path.join(templatesDir, 'style-transfer.json'), 'utf8'));
for (const n of doc.nodes) {
  if (n.id === 'vgg') n.params.weights = WEIGHTS;
  if (n.id === 'total') n.params.weights = [ALPHA, BETA, 0];
  if (n.id === 'opt') n.params.lr = LR;
}
const host = createNodeHost({ baseDir: templatesDir, log: () => {} });
const trainer = await compile(doc, registry, { host });

// Components, from a separately built VGG on the same weights.
const { net } = await (async () => {
  const node = await buildTestNode(vgg19, { params: { weights: WEIGHTS, outputs: [...STYLE, CONTENT] }, host });
  return { net: node.forward({}).net };
})();
const imgOf = (batch) => tf.tensor4d(batch.data, [1, batch.height, batch.width, 3]);
const content = trainer.top.nodes.get('content').instance.forward({ tensor: () => null, has: () => false }, {}).image;
const style = trainer.top.nodes.get('style').instance.forward({ tensor: () => null, has: () => false }, {}).image;
const P = tf.keep(net.apply({ image: content }, {})[CONTENT]);
const A = STYLE.map((l) => tf.keep(gramMatrix(net.apply({ image: style }, {})[l])));
const comps = (img) => tf.tidy(() => {
  const f = net.apply({ image: img }, {});
  const c = contentLoss(f[CONTENT], P).dataSync()[0];
  const s = STYLE.map((l, i) => styleLayerLoss(f[l], A[i]).dataSync()[0] / STYLE.length).reduce((a, b) => a + b, 0);
  return { content: c, style: s };
});
const save = (batch, file) => {
  const px = new Uint8Array(batch.height * batch.width * 3);
  for (let i = 0; i < px.length; i++) px[i] = Math.round(255 * Math.min(1, Math.max(0, batch.data[i])));
  fs.writeFileSync(file, encodePng(batch.width, batch.height, 3, px));
};
fs.mkdirSync(outDir, { recursive: true });
const log = [];
let img = imgOf(trainer.sample()[0]);
const c0 = comps(img);
img.dispose();
console.log(`step 0: content ${c0.content.toExponential(4)} style ${c0.style.toExponential(4)}`);
const times = [];
for (let s = 1; s <= steps; s++) {
  const e = await trainer.runStep();
  times.push(e.ms);
  if (s % 10 === 0 || s === steps) {
    const b = trainer.sample()[0];
    img = imgOf(b);
    const c = comps(img);
    img.dispose();
    log.push({ step: s, ...c, ms: e.ms });
    console.log(`step ${s}: content ${c.content.toExponential(4)} style ${c.style.toExponential(4)} (style ${(100 * (1 - c.style / c0.style)).toFixed(1)}% down) total ${e.losses.image.toExponential(4)} ${e.ms.toFixed(0)} ms`);
    if (s % 50 === 0 || s === steps) save(b, path.join(outDir, `step${s}.png`));
  }
}
const steady = times.slice(1);
const median = steady.sort((a, b) => a - b)[Math.floor(steady.length / 2)];
console.log(JSON.stringify({ backend: tf.getBackend(), size: 256, steps, firstStepMs: times[0], medianStepMs: median, start: c0, end: log.at(-1), tensors: tf.memory().numTensors }));
