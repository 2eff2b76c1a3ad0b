import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@ganvas/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileTemplate, evalContext, seededMemo } from './helpers.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('StarGAN mask vector (stargan-two-datasets.json)', () => {
  it('the classification losses reach only the labels of the dataset each sample came from', async () => {
    const { trainer } = await compileTemplate('stargan-two-datasets.json', 2);
    // Rows 0-1 from dataset A (labels 0..7), rows 2-3 from dataset B (labels 8..11); c̃ = [c_A, c_B, m].
    const c = tf.tensor2d([
      [1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0],
      [0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
      [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1],
    ]);
    const logits = tf.tensor2d(Array.from({ length: 48 }, (_, i) => Math.sin(i) * 2), [4, 12]);
    const own = (row: number, j: number) => (row < 2 ? j < 8 : j >= 8);
    for (const [lossNode, applyNode, condNode, condPort] of [
      ['cls_real', 'd_real', 'cond', 'y'],
      ['cls_fake', 'd_fake', 'target', 'label'],
    ] as const) {
      const loss = (l: tf.Tensor) =>
        trainer.top.value(
          lossNode,
          'loss',
          seededMemo({ [applyNode]: { cls: l, src: tf.zeros([4, 2, 2, 1]) }, [condNode]: { [condPort]: c } }) as never,
          evalContext(1, 2),
        ) as tf.Scalar;
      const g = tf.grad(loss)(logits).arraySync() as number[][];
      g.forEach((row, i) =>
        row.forEach((v, j) => {
          if (own(i, j)) expect(Math.abs(v), `${lossNode} d/dlogit[${i}][${j}]`).toBeGreaterThan(1e-4);
          else expect(v, `${lossNode} d/dlogit[${i}][${j}] (other dataset)`).toBe(0);
        }),
      );
      // And the other dataset's logits do not change the loss at all.
      const other = tf.tensor2d(Array.from({ length: 48 }, (_, k) => (own(Math.floor(k / 12), k % 12) ? 0 : 5 * Math.cos(k))), [4, 12]);
      expect(loss(tf.add(logits, other)).dataSync()[0]).toBe(loss(logits).dataSync()[0]);
    }
    trainer.dispose();
  }, 60_000);
});
