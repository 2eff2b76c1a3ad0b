import * as tf from '@tensorflow/tfjs-core';
import { Rng, buildTestNode, checkGradients } from '@ganvas/core';
import type { Contract, InferResult, NetworkSignature } from '@ganvas/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradientPenalty } from './gradient-penalty.js';
import { normals, tinyCritic, useCpu } from './test-util.js';

// The penalty against PyTorch and finite differences on real layer-node critics (cpu and
// wasm) is in tests/gan/gradient-penalty.test.ts; these are the node's own unit tests.

beforeAll(useCpu);

const critic = tinyCritic([3, 3, 1]);
const condCritic = tinyCritic([3, 3, 1], { condition: 4 });
afterAll(() => {
  critic.dispose();
  condCritic.dispose();
});

/** The penalty written out directly: per-sample input gradients of the tiny critic by tf.grad. */
function directPenalty(real: tf.Tensor, fake: tf.Tensor, eps: number[], lambda: number): number {
  return tf.tidy(() => {
    const e = tf.tensor(eps, [eps.length, 1, 1, 1]);
    const xhat = tf.add(tf.mul(e, real), tf.mul(tf.sub(1, e), fake));
    const g = tf.grad((x: tf.Tensor) => tf.sum(critic.apply({ x }, {} as never)['score']!))(xhat);
    const norms = tf.norm(tf.reshape(g, [eps.length, -1]), 2, 1);
    return tf.mul(tf.mean(tf.square(tf.sub(norms, 1))), lambda).dataSync()[0]!;
  });
}

describe('gan.gradientPenalty', () => {
  it('equals λ·mean(‖∇f(x̂)‖ − 1)² with ε drawn per sample from the evaluation stream', async () => {
    const node = await buildTestNode(gradientPenalty, { params: { lambda: 10 } });
    const real = normals([4, 3, 3, 1], 1);
    const fake = normals([4, 3, 3, 1], 2);
    const got = (node.forward({ critic, real, fake }, { rng: new Rng(9) }).loss as tf.Tensor).dataSync()[0]!;
    const r = new Rng(9);
    const eps = [0, 1, 2, 3].map(() => r.uniform());
    const want = directPenalty(real, fake, eps, 10);
    expect(Math.abs(got - want) / want).toBeLessThan(1e-5);
    // Another stream draws other ε, so another value.
    const other = (node.forward({ critic, real, fake }, { rng: new Rng(10) }).loss as tf.Tensor).dataSync()[0]!;
    expect(Math.abs(other - got)).toBeGreaterThan(1e-4);
  });

  it('is R1, λ·mean ‖∇f(x)‖², when "fake" is the real batch too and the target is 0', async () => {
    const node = await buildTestNode(gradientPenalty, { params: { lambda: 5, target: 0 } });
    const real = normals([4, 3, 3, 1], 1);
    const got = (node.forward({ critic, real, fake: real }, { rng: new Rng(9) }).loss as tf.Tensor).dataSync()[0]!;
    const want = tf.tidy(() => {
      const g = tf.grad((x: tf.Tensor) => tf.sum(critic.apply({ x }, {} as never)['score']!))(real);
      return tf.mul(tf.mean(tf.sum(tf.square(tf.reshape(g, [4, -1])), 1)), 5).dataSync()[0]!;
    });
    expect(want).toBeGreaterThan(0);
    expect(Math.abs(got - want) / want).toBeLessThan(1e-5);
    // ε no longer matters: x̂ = x whatever the stream draws.
    const other = (node.forward({ critic, real, fake: real }, { rng: new Rng(10) }).loss as tf.Tensor).dataSync()[0]!;
    expect(Math.abs(other - got) / want).toBeLessThan(1e-6);
  });

  it('scales with λ; λ = 0 switches it off', async () => {
    const real = normals([4, 3, 3, 1], 1);
    const fake = normals([4, 3, 3, 1], 2);
    const value = async (lambda: number) =>
      ((await buildTestNode(gradientPenalty, { params: { lambda } })).forward({ critic, real, fake }, { rng: new Rng(3) }).loss as tf.Tensor).dataSync()[0]!;
    expect((await value(3)) / (await value(1))).toBeCloseTo(3, 5);
    expect(await value(0)).toBe(0);
  });

  it('gradient check w.r.t. real, fake and the critic weights (second order)', async () => {
    const node = await buildTestNode(gradientPenalty, { params: {} });
    const [w1, w2] = critic.trainableVariables() as [tf.Variable, tf.Variable];
    const originals = [tf.keep(w1.clone()), tf.keep(w2.clone())];
    const f = ([real, fake, a, b]: tf.Tensor[]) => {
      w1.assign(a === w1 ? originals[0]! : a!);
      w2.assign(b === w2 ? originals[1]! : b!);
      return node.forward({ critic, real: real!, fake: fake! }, { rng: new Rng(4) }).loss as tf.Scalar;
    };
    try {
      const r = checkGradients(f, [normals([3, 3, 3, 1], 5), normals([3, 3, 3, 1], 6), w1, w2], { eps: 1e-2 });
      expect(r.maxRelError).toBeLessThan(1e-2);
    } finally {
      w1.assign(originals[0]!);
      w2.assign(originals[1]!);
      tf.dispose(originals);
    }
  });

  it('passes "condition" to a conditional critic and depends on it', async () => {
    const node = await buildTestNode(gradientPenalty, { params: {} });
    const real = normals([2, 3, 3, 1], 1);
    const fake = normals([2, 3, 3, 1], 2);
    const a = tf.tensor2d([[1, 0, 0, 0], [0, 0, 1, 0]]);
    const b = tf.tensor2d([[0, 1, 0, 0], [0, 0, 0, 1]]);
    const va = (node.forward({ critic: condCritic, real, fake, condition: a }, { rng: new Rng(2) }).loss as tf.Tensor).dataSync()[0]!;
    const vb = (node.forward({ critic: condCritic, real, fake, condition: b }, { rng: new Rng(2) }).loss as tf.Tensor).dataSync()[0]!;
    expect(Number.isFinite(va) && Number.isFinite(vb)).toBe(true);
    expect(Math.abs(va - vb)).toBeGreaterThan(1e-5);
    expect(() => node.forward({ critic: condCritic, real, fake })).toThrow(/needs "c" on input "condition"/);
  });

  it('refuses to interpolate batches of different shapes, naming both', async () => {
    const node = await buildTestNode(gradientPenalty, { params: {} });
    expect(() => node.forward({ critic, real: normals([4, 3, 3, 1], 1), fake: normals([2, 3, 3, 1], 2) })).toThrow(
      /"real" \[4, 3, 3, 1\] and "fake" \[2, 3, 3, 1\] must have the same shape/,
    );
  });

  it('keeps the tensor count flat under repeated second-order updates', async () => {
    const node = await buildTestNode(gradientPenalty, { params: {} });
    const real = normals([4, 3, 3, 1], 1);
    const fake = normals([4, 3, 3, 1], 2);
    const step = () =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => node.forward({ critic, real, fake }).loss as tf.Scalar, critic.trainableVariables());
        return [value, ...Object.values(grads)].map((t) => t.dataSync()[0]!);
      });
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) expect(step().every(Number.isFinite)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  describe('infer', () => {
    const sig = (inputs: [string, Contract][], outputs: string[]): Contract => ({
      role: 'network',
      network: {
        inputs: inputs.map(([name, contract]) => ({ name, contract })),
        outputs: outputs.map((name) => ({ name, contract: { role: 'score', shape: ['B', 1] } })),
      } satisfies NetworkSignature,
    });
    const img = (h: number): Contract => ({ role: 'image', shape: ['B', h, h, 1] });
    const run = (params: Record<string, unknown>, inputs: Record<string, Contract>): InferResult =>
      gradientPenalty.infer!({
        nodeId: 'gp',
        params: gradientPenalty.params.parse(params),
        inputs,
        bindings: new Map(),
        declaredOutputs: { loss: { role: 'loss', shape: [] } },
      });
    const errors = (r: InferResult) => ('errors' in r ? r.errors : []);

    it('accepts a one-input critic and matching batches', () => {
      expect(run({}, { critic: sig([['x', img(28)]], ['score']), real: img(28), fake: img(28) })).toEqual({
        outputs: { loss: { role: 'loss', shape: [] } },
      });
    });

    it('names a real batch that does not fit the critic input', () => {
      const e = errors(run({}, { critic: sig([['x', img(28)]], ['score']), real: img(32), fake: img(32) }));
      expect(e[0]?.port).toBe('real');
      expect(e[0]?.message).toContain(`"real" is [B, 32, 32, 1] but the critic's input "x" expects [B, 28, 28, 1]`);
    });

    it('asks which output when the critic has several, and rejects unknown names', () => {
      const two = sig([['x', img(28)]], ['src', 'cls']);
      expect(errors(run({}, { critic: two, real: img(28), fake: img(28) }))[0]?.message).toContain('name the score in param "output"');
      expect(run({ output: 'src' }, { critic: two, real: img(28), fake: img(28) })).not.toHaveProperty('errors');
      expect(errors(run({ output: 'nope' }, { critic: two, real: img(28), fake: img(28) }))[0]?.message).toContain(
        'the critic has no output "nope"; its outputs are [src, cls]',
      );
    });

    it('needs "condition" exactly when the critic takes a second input', () => {
      const cond = sig([['x', img(28)], ['y', { role: 'onehot', shape: ['B', 10] }]], ['score']);
      const missing = errors(run({}, { critic: cond, real: img(28), fake: img(28) }));
      expect(missing[0]).toMatchObject({ port: 'condition' });
      expect(missing[0]?.message).toContain('the critic also takes "y"');
      expect(run({}, { critic: cond, real: img(28), fake: img(28), condition: { role: 'onehot', shape: ['B', 10] } })).not.toHaveProperty(
        'errors',
      );
      const extra = errors(run({}, { critic: sig([['x', img(28)]], ['score']), real: img(28), fake: img(28), condition: img(28) }));
      expect(extra[0]?.message).toContain('disconnect "condition"');
    });
  });
});
