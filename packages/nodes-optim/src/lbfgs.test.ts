import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LbfgsOptimizer, lbfgs } from './lbfgs.js';
import type { LrDecay } from './lrDecay.js';
import { instantiate, maxRelError, problem, report, trajectory, useCpu, type Problem } from './test-util.js';

beforeAll(useCpu);

/**
 * torch.optim.LBFGS(max_iter=1, line_search_fn=None) trajectories on the regression problem; an
 * lrDecay becomes a LambdaLR stepped after every step (as in test-ref/optim_ref.py).
 */
function torchLbfgs(p: Problem, params: { lr: number; historySize: number; lrDecay?: LrDecay }, steps: number): number[][][] {
  const script = `
import json, sys, torch
a = json.load(sys.stdin)
t = lambda s: torch.tensor(s["data"], dtype=torch.float64).reshape(s["shape"])
X, Y, W, b = t(a["X"]), t(a["Y"]), t(a["W"]).requires_grad_(), t(a["b"]).requires_grad_()
opt = torch.optim.LBFGS([W, b], lr=a["lr"], max_iter=1, history_size=a["historySize"], line_search_fn=None)
d = a.get("lrDecay")
rule = lambda k: max(d["final"], 1.0 - (1.0 - d["final"]) * max(0, k + 1 - d["from"]) / float(d["to"] - d["from"]))
scheduler = torch.optim.lr_scheduler.LambdaLR(opt, rule) if d else None
def closure():
    opt.zero_grad()
    loss = ((X @ W + b - Y) ** 2).mean()
    loss.backward()
    return loss
traj = []
for _ in range(a["steps"]):
    opt.step(closure)
    if scheduler:
        scheduler.step()
    traj.append([W.detach().reshape(-1).tolist(), b.detach().reshape(-1).tolist()])
print(json.dumps(traj))`;
  const res = spawnSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify({ ...p, ...params, steps }), encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`torch reference failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as number[][][];
}

describe('optim.lbfgs', () => {
  for (const params of [
    { lr: 1, historySize: 100 },
    { lr: 0.5, historySize: 3 }, // the history wraps around
  ]) {
    it(`follows torch.optim.LBFGS(max_iter=1, line_search_fn=None) step for step (lr ${params.lr}, history ${params.historySize})`, () => {
      const p = problem(7);
      const parsed = lbfgs.params.parse(params);
      const ours = trajectory(new LbfgsOptimizer(parsed, 'test'), p, 12);
      const ref = torchLbfgs(p, params, 12);
      const err = maxRelError(ours, ref);
      report(`L-BFGS lr ${params.lr} history ${params.historySize} vs torch, 12 steps`, err);
      expect(err).toBeLessThan(1e-4);
    });
  }

  it('lrDecay: follows LBFGS under LambdaLR (one scheduler step per training step), and the decay matters', () => {
    const p = problem(7);
    const params = lbfgs.params.parse({ lr: 0.5, historySize: 3, lrDecay: { from: 3, to: 9, final: 0.1 } });
    const run = (o: LbfgsOptimizer, updatesPerStep?: number) => {
      const out = trajectory(o, p, 12, updatesPerStep);
      o.dispose();
      return out;
    };
    const ours = run(new LbfgsOptimizer(params, 'test'), 1);
    const err = maxRelError(ours, torchLbfgs(p, { lr: 0.5, historySize: 3, lrDecay: params.lrDecay! }, 12));
    report('L-BFGS lr 0.5 history 3 lrDecay 3 → 9 to 0.1 vs torch LambdaLR, 12 steps', err);
    expect(err).toBeLessThan(1e-4);
    const constant = run(new LbfgsOptimizer(lbfgs.params.parse({ lr: 0.5, historySize: 3 }), 'test'));
    expect(maxRelError(ours, constant)).toBeGreaterThan(1e-3);
  });

  it('state round-trips: a restored optimizer continues exactly; memory stays flat', () => {
    const p = problem(3);
    const params = lbfgs.params.parse({ lr: 0.5, historySize: 4 });
    const a = instantiate(p);
    const b = instantiate(p);
    const oa = new LbfgsOptimizer(params, 'a');
    for (let i = 0; i < 6; i++) a.step(oa);
    b.vars.forEach((v, i) => v.assign(a.vars[i]!));
    const ob = new LbfgsOptimizer(params, 'b');
    const state = oa.getState();
    const copy = { json: structuredClone(state.json), tensors: Object.fromEntries(Object.entries(state.tensors!).map(([k, t]) => [k, tf.clone(t)])) };
    ob.setState(copy);
    Object.values(copy.tensors).forEach((t) => t.dispose());
    const before = tf.memory().numTensors;
    for (let i = 0; i < 4; i++) {
      a.step(oa);
      b.step(ob);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(b.snapshot()).toEqual(a.snapshot());
    [oa, ob].forEach((o) => o.dispose());
    a.dispose();
    b.dispose();
  });

  it('refuses a malformed state', () => {
    const o = new LbfgsOptimizer(lbfgs.params.parse({}), 'node x (optim.lbfgs)');
    expect(() => o.setState({ json: { nIter: 2 } })).toThrow(/node x \(optim\.lbfgs\): L-BFGS state needs json/);
    expect(() => o.setState({ json: { nIter: 2, t: 1, hDiag: 1, ro: [0.5] }, tensors: {} })).toThrow(/lacks tensor "y\/0"/);
  });
});
