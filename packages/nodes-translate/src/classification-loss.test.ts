import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestNode, checkGradients } from '@ganvas/core';
import { classificationLoss } from './classification-loss.js';
import { randn, relError, torchLosses, useCpu } from './test-helpers.js';

beforeAll(useCpu);

const ports = (k: number, mask = false) => ({
  logits: { role: 'logits' as const, shape: [4, k] },
  target: { role: 'label' as const, shape: [4, k] },
  ...(mask ? { mask: { role: 'tensor' as const, shape: [4, k] } } : {}),
});

describe('i2i.classificationLoss', () => {
  it('multi-label (sigmoid) and single-label (softmax) match PyTorch in value and gradient', async () => {
    const logits = randn([4, 5], 3, 2);
    const multi = tf.tensor2d([[1, 0, 0, 1, 1], [0, 1, 0, 0, 1], [0, 0, 1, 1, 0], [1, 0, 0, 0, 0]]);
    const classes = [2, 0, 4, 1];
    const onehot = tf.cast(tf.oneHot(tf.tensor1d(classes, 'int32'), 5), 'float32');
    const sig = await buildTestNode(classificationLoss, { inputs: ports(5) });
    const soft = await buildTestNode(classificationLoss, { params: { kind: 'softmax' }, inputs: ports(5) });
    const [rb, rc] = torchLosses([
      { op: 'bce', x: logits.arraySync(), target: multi.arraySync() },
      { op: 'ce', x: logits.arraySync(), target: classes },
    ]);
    const f = (node: typeof sig, target: tf.Tensor) => (l: tf.Tensor) => node.forward({ logits: l, target }).loss as tf.Scalar;
    const errs = [
      relError(f(sig, multi)(logits).dataSync()[0]!, rb!.loss),
      relError(tf.grad(f(sig, multi))(logits), rb!.grad),
      relError(f(soft, onehot)(logits).dataSync()[0]!, rc!.loss),
      relError(tf.grad(f(soft, onehot))(logits), rc!.grad),
    ];
    console.log(`classification loss vs torch: max rel error ${Math.max(...errs).toExponential(2)}`);
    for (const e of errs) expect(e).toBeLessThan(1e-5);
    for (const [node, target] of [[sig, multi], [soft, onehot]] as const) {
      expect(checkGradients(([l]) => f(node, target)(l!), [logits], { eps: 1e-2 }).maxRelError).toBeLessThan(1e-2);
    }
    sig.dispose();
    soft.dispose();
  });

  it('with a mask, counts only each sample’s dataset labels: PyTorch per-dataset losses, zero gradient elsewhere', async () => {
    // Columns 0..2 are dataset 0 (multi-label), 3..5 dataset 1 (single-label); rows 0, 2 come from dataset 0.
    const logits = randn([4, 6], 9, 2);
    const dataset = [0, 1, 0, 1];
    const target = tf.tensor2d([[1, 0, 1, 0, 0, 0], [0, 0, 0, 0, 1, 0], [0, 1, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0]]);
    const mask = tf.tensor2d(dataset.map((d) => [0, 1, 2, 3, 4, 5].map((j) => (j < 3) === (d === 0) ? 1 : 0)));
    // Garbage in the masked-out targets must not matter.
    const noisyTarget = tf.add(target, tf.mul(tf.sub(1, mask), 0.7));
    const sig = await buildTestNode(classificationLoss, { inputs: ports(6, true) });
    const soft = await buildTestNode(classificationLoss, { params: { kind: 'softmax' }, inputs: ports(6, true) });
    const dsMask = (d: number) => tf.mul(mask, tf.tensor2d(dataset.map((x) => [x === d ? 1 : 0]), [4, 1]));
    // The two datasets' rows as two masked nodes (BCE on dataset-0 rows, CE on dataset-1 rows), summed = the StarGAN code.
    const loss = (l: tf.Tensor) =>
      tf.add(
        sig.forward({ logits: l, target: noisyTarget, mask: dsMask(0) }).loss as tf.Tensor,
        soft.forward({ logits: l, target: noisyTarget, mask: dsMask(1) }).loss as tf.Tensor,
      ) as tf.Scalar;
    const [ref] = torchLosses([{ op: 'masked', x: logits.arraySync(), target: target.arraySync(), k0: 3, dataset }]);
    const grad = tf.grad(loss)(logits);
    const errs = [relError(loss(logits).dataSync()[0]!, ref!.loss), relError(grad, ref!.grad)];
    console.log(`masked classification vs torch: max rel error ${Math.max(...errs).toExponential(2)}`);
    for (const e of errs) expect(e).toBeLessThan(1e-5);
    const g = grad.arraySync() as number[][];
    const m = mask.arraySync() as number[][];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 6; j++) if (m[i]![j] === 0) expect(g[i]![j]).toBe(0);
    sig.dispose();
    soft.dispose();
  });

  it('refuses a target or mask of another shape, naming both', () => {
    const r = classificationLoss.infer!({
      nodeId: 'c',
      params: classificationLoss.params.parse({}),
      inputs: { logits: { role: 'logits', shape: ['B', 5] }, target: { role: 'label', shape: ['B', 8] } },
      bindings: new Map(),
      declaredOutputs: {},
    });
    expect(JSON.stringify(r)).toMatch(/logits.{0,4} is \[B, 5\] but .{0,4}target.{0,4} is \[B, 8\]/);
  });
});
