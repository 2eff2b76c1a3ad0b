import * as tf from '@tensorflow/tfjs-core';
import type { ForwardContext, Network } from '@ganvas/core';
import { selectBackend } from '@ganvas/backend';
import { maskVectorRows, networkRows, networkTranslate } from '@ganvas/tools';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The tools that run a trained network over many images for `ganvas eval` and `ganvas
 * translate`: batching, the label port (with the mask vector), column slicing, inference mode,
 * and errors that name the network and port.
 */

beforeAll(async () => {
  await selectBackend('wasm');
});

const SHAPE: [number, number, number] = [2, 2, 1];
const PER = 4;

/** Images whose pixels are all i + 1 for image i. */
function images(count: number): Float32Array {
  const out = new Float32Array(count * PER);
  for (let i = 0; i < count; i++) out.fill(i + 1, i * PER, (i + 1) * PER);
  return out;
}

/** A stand-in network; records the batch sizes and whether it was applied in training mode. */
function fake(apply: (inputs: Record<string, tf.Tensor>) => Record<string, tf.Tensor>, inputs: string[]) {
  const calls: { batch: number; training: boolean }[] = [];
  const net = {
    kind: 'network',
    name: 'D',
    signature: { inputs: inputs.map((name) => ({ name })), outputs: [] },
    apply(args: Record<string, tf.Tensor>, ctx: ForwardContext) {
      calls.push({ batch: ctx.batchSize, training: ctx.training });
      return apply(args);
    },
    trainableVariables: () => [],
    variables: () => [],
  } as unknown as Network;
  return { net, calls };
}

describe('networkRows', () => {
  /** D(x, c) = [mean pixel of x, c₀·10, c₁·10, …]: a "head" whose columns show which image and which labels went in. */
  const conditional = () =>
    fake(
      (a) => ({
        cls: tf.concat([tf.reshape(tf.mean(a.x!, [1, 2, 3]), [-1, 1]), tf.mul(a.c!, 10)], 1),
      }),
      ['x', 'c'],
    );

  it('feeds each image with its own label row, batch by batch in inference mode, and returns the asked columns', () => {
    const { net, calls } = conditional();
    const rows = networkRows(net, { image: 'x', label: { port: 'c', width: 2 }, output: 'cls', shape: SHAPE }, { from: 0, to: 3 }, { batch: 3 });
    const labels = new Float32Array([0, 1, 1, 0, 1, 1, 0, 0, 0.5, 0.5, 1, 0, 0, 1]);
    const before = tf.memory().numTensors;
    const out = rows(images(7), 7, labels);
    expect(tf.memory().numTensors).toBe(before);
    const expected: number[] = [];
    for (let i = 0; i < 7; i++) expected.push(i + 1, labels[2 * i]! * 10, labels[2 * i + 1]! * 10);
    expect(Array.from(out)).toEqual(expected);
    expect(calls).toEqual([
      { batch: 3, training: false },
      { batch: 3, training: false },
      { batch: 1, training: false },
    ]);
  });

  it('maps the label rows through the mask vector and keeps one dataset’s slot of columns', () => {
    const { net } = conditional();
    // Two datasets of 2 and 3 labels: c̃ = [a₀ a₁ | b₀ b₁ b₂ | m₀ m₁] is 7 wide; dataset 1 (b) gives 3 labels per image.
    const sizes = [2, 3];
    const rows = networkRows(
      net,
      { image: 'x', label: { port: 'c', width: 7 }, output: 'cls', shape: SHAPE },
      // Columns of D's output: 0 is the image mean, then c̃ × 10; b's slot of c̃ is 2..4, i.e. output columns 3..5.
      { from: 3, to: 6 },
      { batch: 2, condition: (r, n) => maskVectorRows(r, n, sizes, 1) },
    );
    const out = rows(images(3), 3, new Float32Array([1, 0, 0, 0, 1, 0, 0, 0, 1]));
    expect(Array.from(out)).toEqual([10, 0, 0, 0, 10, 0, 0, 0, 10]);
  });

  it('names the network and port when labels are missing or of the wrong width, and when the output is too narrow', () => {
    const { net } = conditional();
    const ports = { image: 'x', label: { port: 'c', width: 2 }, output: 'cls', shape: SHAPE };
    const before = tf.memory().numTensors;
    expect(() => networkRows(net, ports, { from: 0, to: 3 })(images(2), 2)).toThrow('network "D" needs labels for its "c" input');
    expect(() => networkRows(net, ports, { from: 0, to: 3 })(images(2), 2, new Float32Array(6))).toThrow('network "D" input "c" takes 2 labels per image; got 3');
    expect(() => networkRows(net, ports, { from: 1, to: 4 })(images(2), 2, new Float32Array(4))).toThrow(
      'network "D" output "cls" has 3 values per image; columns 1–3 were asked for',
    );
    expect(() => networkRows(net, ports, { from: 0, to: 3 })(images(2).subarray(1), 2, new Float32Array(4))).toThrow('network "D" takes 2×2×1 images: got 7 values for 2');
    // The failed batch's output was freed too.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an unconditional head takes images only', () => {
    const { net } = fake((a) => ({ cls: tf.reshape(tf.max(a.x!, [1, 2, 3]), [-1, 1]) }), ['x']);
    const out = networkRows(net, { image: 'x', output: 'cls', shape: SHAPE }, { from: 0, to: 1 }, { batch: 4 })(images(5), 5);
    expect(Array.from(out)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('networkTranslate', () => {
  it('translates batch by batch with the target rows (through `condition`) and checks the output is images of the input size', () => {
    // G(x, c) = x + c₀: every pixel of image i moves by its target's first value.
    const { net, calls } = fake((a) => ({ image: tf.add(a.x!, tf.reshape(tf.slice(a.c!, [0, 0], [-1, 1]), [-1, 1, 1, 1])) }), ['x', 'c']);
    const ports = { image: 'x', label: { port: 'c', width: 2 }, output: 'image', shape: SHAPE };
    const translate = networkTranslate(net, ports, { batch: 2, condition: (r) => r.map((v) => v * 2) });
    const before = tf.memory().numTensors;
    const out = translate(images(3), 3, new Float32Array([1, 0, 0, 0, 3, 0]));
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(out)).toEqual([3, 3, 3, 3, 2, 2, 2, 2, 9, 9, 9, 9]);
    expect(calls.map((c) => c.batch)).toEqual([2, 1]);
    expect(() => translate(images(1), 1)).toThrow('network "D" needs target labels for its "c" input');
    const { net: shrink } = fake((a) => ({ image: tf.slice(a.x!, [0, 0, 0, 0], [-1, 1, 2, 1]) }), ['x']);
    expect(() => networkTranslate(shrink, { image: 'x', output: 'image', shape: SHAPE })(images(2), 2)).toThrow(
      'network "D" output "image" has shape [2, 1, 2, 1], not 2 images of 2×2×1',
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
