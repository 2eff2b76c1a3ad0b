import * as tf from '@tensorflow/tfjs-core';
import { Rng, type Registry } from '@ganvas/core';
import { selectBackend } from '@ganvas/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxRelError, relError } from '../reference/compare.js';
import { requireTorch } from '../reference/python.js';
import { buildCritic, convCritic, mlpCritic, normals, penaltyNode, testRegistry, type BuiltCritic, type CriticSpec } from './critics.js';
import { finiteDifferences } from './finite-differences.js';
import { recordingCritic, recoverEpsilon, torchPenalty, type PenaltyCase } from './reference.js';

// gan.gradientPenalty on real layer-node critics: value and critic-weight gradients (second
// order: the gradient of a gradient norm) against PyTorch's torch.autograd.grad(create_graph=True)
// in float64, and against central finite differences, on the cpu and wasm backends (wasm's
// conv gradients are the project's own kernels).

const B = 4;
const LAMBDA = 10;
const critics: CriticSpec[] = [convCritic, mlpCritic];

let registry: Registry;
beforeAll(async () => {
  requireTorch();
  registry = await testRegistry();
});

/** Real and fake batches for a critic; fake is scaled so gradient norms are not all near 1. */
function batches(spec: CriticSpec): { real: tf.Tensor; fake: tf.Tensor } {
  return { real: normals([B, ...spec.input], 11), fake: normals([B, ...spec.input], 12, 0.5) };
}

function report(what: string, err: number): void {
  console.info(`[measure] ${what}: ${err.toExponential(2)}`);
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`gan.gradientPenalty on ${backend}`, () => {
    const built = new Map<string, BuiltCritic>();
    beforeAll(async () => {
      await selectBackend(backend);
      for (const spec of critics) built.set(spec.name, await buildCritic(spec, registry));
    });

    it('value and critic-weight gradients equal PyTorch (float64) for a conv and an MLP critic', async () => {
      const node = await penaltyNode({ lambda: LAMBDA });
      const cases: PenaltyCase[] = [];
      const mine: Record<string, { value: number; grads: Map<string, Float32Array | undefined> }> = {};
      for (const spec of critics) {
        const { net, weights } = built.get(spec.name)!;
        const { real, fake } = batches(spec);
        const rec = recordingCritic(net, 'x');
        const names = [...weights.keys()];
        const vars = names.map((n) => weights.get(n)!);
        const { value, grads } = tf.variableGrads(
          () => node.forward({ critic: rec.net, real, fake }, { rng: new Rng(5) })['loss'] as tf.Scalar,
          vars,
        );
        // The critic ran once, on x̂ = fake + ε(real − fake) with one ε per sample in [0, 1].
        expect(rec.seen.length).toBe(1);
        const { epsilon, residual } = recoverEpsilon(rec.seen[0]!, real, fake);
        expect(residual).toBeLessThan(1e-5);
        for (const e of epsilon) expect(e >= 0 && e <= 1, `epsilon ${e}`).toBe(true);
        expect(new Set(epsilon.map((e) => e.toFixed(4))).size, 'one ε per sample').toBe(B);
        mine[spec.name] = {
          value: value.dataSync()[0]!,
          grads: new Map(vars.map((v, i) => [names[i]!, grads[v.name]?.dataSync().slice() as Float32Array | undefined])),
        };
        cases.push({ name: spec.name, critic: spec, weights: weights, real, fake, epsilon, lambda: LAMBDA });
        tf.dispose([value, ...Object.values(grads)]);
        expect(names).toContain('score/bias');
      }
      const ref = torchPenalty(cases);
      for (const spec of critics) {
        const m = mine[spec.name]!;
        const r = ref[spec.name]!;
        const valueErr = relError(m.value, r.value);
        let gradErr = 0;
        for (const [name, g] of m.grads) {
          const want = r.grads[name];
          // The last bias shifts f by a constant: no path to ∇f in either framework.
          if (want === null || want === undefined) {
            expect(g, `${name}: torch has no gradient`).toBeUndefined();
            continue;
          }
          expect(g, `${name}: torch has a gradient`).toBeDefined();
          // ReLU critics: the penalty does not depend on biases before a ReLU (∇f is piecewise
          // constant in them), so both frameworks give exact zeros; compare those absolutely.
          gradErr = Math.max(gradErr, want.every((x) => x === 0) ? Math.max(...g!.map(Math.abs)) : maxRelError(g!, want));
        }
        expect([...m.grads.values()].filter((g) => g !== undefined).length).toBeGreaterThanOrEqual(3);
        report(`${backend} ${spec.name} critic: penalty ${m.value.toFixed(5)} (torch ${r.value.toFixed(5)}) value rel err`, valueErr);
        report(`${backend} ${spec.name} critic: weight-gradient max rel err vs torch`, gradErr);
        expect(valueErr).toBeLessThan(1e-4);
        expect(gradErr).toBeLessThan(1e-4);
      }
      for (const c of cases) tf.dispose([c.real, c.fake]);
      node.dispose();
    });

    for (const spec of critics) {
      it(`${spec.name} critic: weight gradients of the penalty equal finite differences`, async () => {
        const node = await penaltyNode({ lambda: LAMBDA });
        const { net, weights } = built.get(spec.name)!;
        // Every weight but the last bias, which the penalty does not depend on.
        const vars = [...weights].filter(([n]) => n !== 'score/bias').map(([, v]) => v);
        const { real, fake } = batches(spec);
        // A fresh stream per evaluation: every evaluation sees the same ε.
        const loss = () => node.forward({ critic: net, real, fake }, { rng: new Rng(5) })['loss'] as tf.Scalar;
        const analytic = tf.tidy(() => {
          const { grads } = tf.variableGrads(loss, vars);
          return vars.map((v) => grads[v.name]!.dataSync().slice() as Float32Array);
        });
        const r = finiteDifferences(() => tf.tidy(() => loss().dataSync()[0]!), vars, analytic, { eps: 4e-3, perVariable: 24 });
        report(
          `${backend} ${spec.name} critic: penalty weight gradients vs finite differences (${r.checked} entries, ${r.kinks} at ReLU kinks skipped)`,
          r.maxRelError,
        );
        expect(r.checked).toBeGreaterThanOrEqual(0.6 * (r.checked + r.kinks));
        // float32 quotients: ~1e-2 is their resolution; a wrong second-order rule (tfjs#3252) is off by ~70%.
        expect(r.maxRelError).toBeLessThan(2e-2);
        tf.dispose([real, fake]);
        node.dispose();
      });
    }

    it('keeps the tensor count flat over repeated penalty updates', async () => {
      const node = await penaltyNode();
      const { net } = built.get('conv')!;
      const { real, fake } = batches(convCritic);
      const vars = net.trainableVariables();
      const run = () =>
        tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => node.forward({ critic: net, real, fake })['loss'] as tf.Scalar, vars);
          return [value.dataSync()[0]!, ...Object.values(grads).map((g) => g.dataSync()[0]!)];
        });
      run();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) expect(run().every(Number.isFinite)).toBe(true);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([real, fake]);
      node.dispose();
    });
  });
}
