import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LbfgsOptimizer, lbfgs } from './lbfgs.js';
import { instantiate, maxRelError, problem, report, trajectory, useCpu, type Problem } from './test-util.js';

beforeAll(useCpu);

/** torch.optim.LBFGS(max_iter=1, line_search_fn=None) trajectories on the regression problem. */
function torchLbfgs(p: Problem, params: { lr: number; historySize: number }, steps: number): number[][][] {
  const script = `
import json, sys, torch
a = json.load(sys.stdin)
t = lambda s: torch.tensor(s["data"], dtype=torch.float64).reshape(s["shape"])
X, Y, W, b = t(a["X"]), t(a["Y"]), t(a["W"]).requires_grad_(), t(a["b"]).requires_grad_()
opt = torch.optim.LBFGS([W, b], lr=a["lr"], max_iter=1, history_size=a["historySize"], line_search_fn=None)
def closure():
    opt.zero_grad()
    loss = ((X @ W + b - Y) ** 2).mean()
    loss.backward()
    return loss
traj = []
for _ in range(a["steps"]):
    opt.step(closure)
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
