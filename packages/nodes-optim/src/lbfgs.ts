import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import type { NodeState, OptimizerImpl, UpdateContext } from '@ganvas/core';
import { lrFactorFor, type LrDecayParams } from './lrDecay.js';
import { defineOptimizerNode } from './optimizerNode.js';

const zParams = z.object({
  lr: z.number().positive().default(1).describe('Step length t (the first step is min(1, 1/‖g‖₁)·lr, as in PyTorch).'),
  historySize: z.number().int().positive().default(100).describe('Number of (s, y) pairs kept for the inverse-Hessian estimate.'),
  toleranceGrad: z.number().nonnegative().default(1e-7).describe('No update when max|g| is at most this (converged).'),
  toleranceChange: z.number().nonnegative().default(1e-9).describe('No update when the directional derivative gᵀd > −this.'),
});
export type LbfgsParams = z.infer<typeof zParams> & LrDecayParams;

interface LbfgsJson {
  nIter: number;
  t: number;
  hDiag: number;
  ro: number[];
}

/**
 * L-BFGS with a fixed step and no line search: exactly `torch.optim.LBFGS(params, lr,
 * max_iter=1, history_size, tolerance_grad, tolerance_change, line_search_fn=None)`, one
 * `step(closure)` per `apply`. It fits the optimizer API because with max_iter=1 PyTorch
 * evaluates the closure once per step, at the current point — the gradient the engine passes.
 * A line search (strong Wolfe) would need to re-evaluate the loss at trial points inside one
 * update, which `OptimizerImpl.apply(vars, grads)` cannot do; that needs an engine change.
 * All variables are treated as one flat vector, as PyTorch does.
 */
export class LbfgsOptimizer implements OptimizerImpl {
  private nIter = 0;
  private t = 0;
  private hDiag = 1;
  private ro: number[] = [];
  private d?: tf.Tensor1D;
  private prevGrad?: tf.Tensor1D;
  private dirs: tf.Tensor1D[] = [];
  private stps: tf.Tensor1D[] = [];

  constructor(
    private readonly p: LbfgsParams,
    private readonly owner: string,
  ) {}

  apply(vars: tf.Variable[], grads: tf.Tensor[], context?: UpdateContext): void {
    if (vars.length !== grads.length) throw new Error(`${this.owner}: ${vars.length} variables but ${grads.length} gradients`);
    // PyTorch reads group['lr'] afresh in every step(): a decay scales this step's t alone.
    const lr = this.p.lr * lrFactorFor(this.p.lrDecay, context, this.owner);
    const g = tf.tidy(() => tf.concat(grads.map((x) => tf.reshape(x, [-1]))) as tf.Tensor1D);
    try {
      if (tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0]!) <= this.p.toleranceGrad) return;
      this.nIter += 1;
      if (this.nIter === 1) {
        this.replace('d', tf.keep(tf.neg(g)));
        this.clearHistory();
        this.hDiag = 1;
      } else {
        this.updateHistory(g);
        this.replace('d', tf.keep(this.direction(g)));
      }
      this.replace('prevGrad', tf.keep(tf.clone(g)));
      this.t = this.nIter === 1 ? Math.min(1, 1 / tf.tidy(() => tf.sum(tf.abs(g)).dataSync()[0]!)) * lr : lr;
      const gtd = tf.tidy(() => tf.dot(g, this.d!).dataSync()[0]!);
      if (gtd > -this.p.toleranceChange) return;
      tf.tidy(() => {
        let offset = 0;
        for (const v of vars) {
          const n = v.size;
          v.assign(tf.add(v, tf.reshape(tf.mul(tf.slice(this.d!, offset, n), this.t), v.shape)));
          offset += n;
        }
      });
    } finally {
      g.dispose();
    }
  }

  /** s = t·d (the last step), y = g − g_prev; kept when yᵀs > 1e-10 (curvature condition). */
  private updateHistory(g: tf.Tensor1D): void {
    const y = tf.keep(tf.sub(g, this.prevGrad!) as tf.Tensor1D);
    const s = tf.keep(tf.mul(this.d!, this.t) as tf.Tensor1D);
    const ys = tf.tidy(() => tf.dot(y, s).dataSync()[0]!);
    if (ys > 1e-10) {
      if (this.dirs.length === this.p.historySize) {
        this.dirs.shift()!.dispose();
        this.stps.shift()!.dispose();
        this.ro.shift();
      }
      this.dirs.push(y);
      this.stps.push(s);
      this.ro.push(1 / ys);
      this.hDiag = ys / tf.tidy(() => tf.dot(y, y).dataSync()[0]!);
    } else {
      y.dispose();
      s.dispose();
    }
  }

  /** The two-loop recursion: d = −H·g with H from the (s, y) history and γ = hDiag. */
  private direction(g: tf.Tensor1D): tf.Tensor1D {
    return tf.tidy(() => {
      const k = this.dirs.length;
      const al: number[] = new Array(k);
      let q = tf.neg(g) as tf.Tensor1D;
      for (let i = k - 1; i >= 0; i--) {
        al[i] = tf.dot(this.stps[i]!, q).dataSync()[0]! * this.ro[i]!;
        q = tf.sub(q, tf.mul(this.dirs[i]!, al[i]!));
      }
      let r = tf.mul(q, this.hDiag) as tf.Tensor1D;
      for (let i = 0; i < k; i++) {
        const be = tf.dot(this.dirs[i]!, r).dataSync()[0]! * this.ro[i]!;
        r = tf.add(r, tf.mul(this.stps[i]!, al[i]! - be));
      }
      return r;
    });
  }

  private replace(which: 'd' | 'prevGrad', t: tf.Tensor1D): void {
    this[which]?.dispose();
    this[which] = t;
  }

  private clearHistory(): void {
    [...this.dirs, ...this.stps].forEach((t) => t.dispose());
    this.dirs = [];
    this.stps = [];
    this.ro = [];
  }

  /** Borrowed tensors: `d`, `prevGrad`, `y/<i>`, `s/<i>`; scalars in json. */
  getState(): NodeState {
    const tensors: Record<string, tf.Tensor> = {};
    if (this.d) tensors['d'] = this.d;
    if (this.prevGrad) tensors['prevGrad'] = this.prevGrad;
    this.dirs.forEach((t, i) => (tensors[`y/${i}`] = t));
    this.stps.forEach((t, i) => (tensors[`s/${i}`] = t));
    const json: LbfgsJson = { nIter: this.nIter, t: this.t, hDiag: this.hDiag, ro: [...this.ro] };
    return { json, tensors };
  }

  setState(state: NodeState): void {
    const j = state.json as Partial<LbfgsJson> | undefined;
    if (typeof j?.nIter !== 'number' || typeof j.t !== 'number' || typeof j.hDiag !== 'number' || !Array.isArray(j.ro)) {
      throw new Error(`${this.owner}: L-BFGS state needs json {nIter, t, hDiag, ro}, got ${JSON.stringify(state.json)}`);
    }
    const ts = state.tensors ?? {};
    const copy = (name: string) => {
      const t = ts[name];
      if (!t) throw new Error(`${this.owner}: L-BFGS state lacks tensor "${name}"`);
      return tf.keep(tf.clone(t) as tf.Tensor1D);
    };
    const dirs = j.ro.map((_, i) => copy(`y/${i}`));
    const stps = j.ro.map((_, i) => copy(`s/${i}`));
    this.dispose();
    this.dirs = dirs;
    this.stps = stps;
    this.ro = [...(j.ro as number[])];
    if (ts['d']) this.d = copy('d');
    if (ts['prevGrad']) this.prevGrad = copy('prevGrad');
    this.nIter = j.nIter;
    this.t = j.t;
    this.hDiag = j.hDiag;
  }

  dispose(): void {
    this.clearHistory();
    this.d?.dispose();
    this.prevGrad?.dispose();
    this.d = undefined;
    this.prevGrad = undefined;
  }
}

export const lbfgs = defineOptimizerNode({
  type: 'optim.lbfgs',
  title: 'L-BFGS (fixed step)',
  description:
    'Limited-memory BFGS without line search: d = −H·g from the last historySize (s, y) pairs (two-loop recursion), θ ← θ + t·d; t = lr (the first step min(1, 1/‖g‖₁)·lr).',
  docs: [
    'Matches `torch.optim.LBFGS(params, lr, max_iter=1, history_size, tolerance_grad, tolerance_change, line_search_fn=None)`',
    'step for step (one closure evaluation per step). Gatys et al. optimised style transfer with L-BFGS;',
    "PyTorch's strong-Wolfe line search re-evaluates the loss inside one step, which the optimizer API",
    '(one gradient per update) does not allow, so this is the fixed-step variant: keep lr small enough',
    '(e.g. 0.1–1 on a well-scaled loss) or it can diverge.',
    '',
    'State (checkpointed): the last direction d, the previous gradient, the (s, y) history, t, H-diagonal γ.',
  ].join('\n'),
  params: zParams,
  make: (p, owner) => new LbfgsOptimizer(p, owner),
});
