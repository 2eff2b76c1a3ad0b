import { validateDocument } from '@ganvas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OptimizerImpl } from '@ganvas/core';
import { adam, adamOptimizer } from './adam.js';
import { LbfgsOptimizer, lbfgs } from './lbfgs.js';
import { lrFactor, zLrDecay } from './lrDecay.js';
import { rmsprop, rmspropOptimizer } from './rmsprop.js';
import { sgd, sgdOptimizer } from './sgd.js';
import { standInGraph, standInRegistry } from './test-graph.js';
import { instantiate, problem, trajectory, useCpu } from './test-util.js';

beforeAll(useCpu);

describe('lrFactor', () => {
  it('is 1 up to step "from", linear to "final" at step "to", then constant', () => {
    const d = zLrDecay.parse({ from: 10, to: 14, final: 0.2 });
    const f = (s: number) => lrFactor(d, s);
    expect([1, 9, 10].map(f)).toEqual([1, 1, 1]);
    // Slope (1 − 0.2)/4 = 0.2 per step.
    [0.8, 0.6, 0.4].forEach((v, i) => expect(f(11 + i)).toBeCloseTo(v, 14));
    expect([14, 15, 10_000].map(f)).toEqual([0.2, 0.2, 0.2]);
  });

  it('defaults final to 0; from 0 decays from the first step', () => {
    const d = zLrDecay.parse({ from: 0, to: 4 });
    expect(d.final).toBe(0);
    expect([1, 2, 3, 4, 5].map((s) => lrFactor(d, s))).toEqual([0.75, 0.5, 0.25, 0, 0]);
  });
});

describe('lrDecay param', () => {
  it('is on every optimizer node, optional, documented', () => {
    for (const def of [adam, sgd, rmsprop, lbfgs]) {
      expect(def.params.parse({}), def.type).not.toHaveProperty('lrDecay');
      expect(def.params.parse({ lrDecay: { from: 1, to: 2 } }).lrDecay, def.type).toEqual({ from: 1, to: 2, final: 0 });
      expect(def.docs, def.type).toContain('LambdaLR(optimizer, lambda k: f(k + 1))');
    }
  });

  const diagnose = (type: string, lrDecay: unknown) => {
    const doc = standInGraph([{ type, params: { lr: 0.01, lrDecay }, repeat: 1 }]);
    (doc.nodes as { id: string }[]).find((n) => n.id === 'opt0')!.id = 'opt_g';
    for (const e of doc.edges as { source: string; target: string }[]) {
      if (e.source === 'opt0') e.source = 'opt_g';
      if (e.target === 'opt0') e.target = 'opt_g';
    }
    return validateDocument(doc, standInRegistry()).diagnostics.map((d) => `${d.code} ${d.nodeId}: ${d.message}`);
  };

  it('accepts a valid window: the stand-in graph has no diagnostics', () => {
    expect(diagnose('optim.adam', { from: 3, to: 5, final: 0.5 })).toEqual([]);
  });

  it('refuses bad windows with an error naming the node and the field', () => {
    expect(diagnose('optim.adam', { from: 5, to: 3 })).toEqual([
      'E006 opt_g: node "opt_g" (optim.adam): param "lrDecay.to" "to" (3) must come after "from" (5): lr is full up to step "from" and falls linearly to "final" at step "to"',
    ]);
    expect(diagnose('optim.sgd', { from: 4, to: 4 })[0]).toContain('node "opt_g" (optim.sgd): param "lrDecay.to" "to" (4) must come after "from" (4)');
    expect(diagnose('optim.rmsprop', { from: 1, to: 9, final: 1.5 })).toEqual([
      'E006 opt_g: node "opt_g" (optim.rmsprop): param "lrDecay.final" final is a factor of lr and must be between 0 and 1',
    ]);
    expect(diagnose('optim.lbfgs', { from: 1, to: 9, final: -0.1 })[0]).toContain('param "lrDecay.final" final is a factor of lr');
    const fractional = diagnose('optim.adam', { from: 0.5, to: 9 });
    expect(fractional).toHaveLength(1);
    expect(fractional[0]).toBe('E006 opt_g: node "opt_g" (optim.adam): param "lrDecay.from" "from" is a training step: a whole number ≥ 0');
    expect(diagnose('optim.adam', { from: 2, to: -1 })[0]).toContain('param "lrDecay.to" "to" is a training step: a whole number ≥ 0');
    // A misspelt key is not silently dropped (final would default to 0).
    expect(diagnose('optim.adam', { from: 1, to: 9, finale: 0.5 })[0]).toMatch(/param "lrDecay" .*finale/);
    expect(diagnose('optim.adam', { to: 9 })[0]).toContain('param "lrDecay.from"');
  });

  it('apply without the training step throws, naming the node, and changes nothing', () => {
    const opt = adamOptimizer(adam.params.parse({ lr: 0.1, lrDecay: { from: 1, to: 3 } }), 'node opt_g (optim.adam)');
    const run = instantiate(problem());
    const before = run.snapshot();
    expect(() => run.step(opt)).toThrow(
      'node opt_g (optim.adam): lrDecay needs the training step of each update, but apply() was given none (the trainer passes { step }, 1-based)',
    );
    expect(() => run.step(opt, { step: 0 })).toThrow('but apply() was given step 0');
    expect(run.snapshot()).toEqual(before);
    expect(opt.getState().json).toMatchObject({ step: 0, variableCount: 0 });
    // The same optimizer then works when given the step.
    run.step(opt, { step: 1 });
    expect(run.snapshot()).not.toEqual(before);
    opt.dispose();
    run.dispose();
  });
});

describe('without lrDecay', () => {
  const kinds: [string, (extra: Record<string, unknown>) => OptimizerImpl][] = [
    ['adam', (x) => adamOptimizer(adam.params.parse({ lr: 0.05, weightDecay: 0.1, ...x }), 't')],
    ['rmsprop', (x) => rmspropOptimizer(rmsprop.params.parse({ lr: 0.01, centered: true, momentum: 0.9, ...x }), 't')],
    ['sgd', (x) => sgdOptimizer(sgd.params.parse({ lr: 0.05, momentum: 0.9, nesterov: true, ...x }), 't')],
    ['lbfgs', (x) => new LbfgsOptimizer(lbfgs.params.parse({ lr: 0.5, historySize: 3, ...x }), 't')],
  ];
  for (const [name, make] of kinds) {
    it(`${name}: the update is the undecayed one bit for bit, with or without a step, and under a window not reached yet`, () => {
      const p = problem(9);
      const run = (o: OptimizerImpl, updatesPerStep?: number) => {
        const out = trajectory(o, p, 8, updatesPerStep);
        o.dispose();
        return out;
      };
      const plain = run(make({}));
      expect(run(make({}), 1)).toEqual(plain);
      expect(run(make({ lrDecay: { from: 100, to: 200 } }), 1)).toEqual(plain);
      // …and a window that is reached does change it (the comparison above can fail).
      expect(run(make({ lrDecay: { from: 4, to: 6 } }), 1)).not.toEqual(plain);
    });
  }
});
