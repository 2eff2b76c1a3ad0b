import * as tf from '@tensorflow/tfjs-core';
import type { NodeState, OptimizerImpl, UpdateContext } from '@ganvas/core';
import { lrFactorFor, type LrDecay } from './lrDecay.js';

/** Per-variable state of an update rule, by slot name (`m`, `v`, `momentum`, …). */
export type Slots = Record<string, tf.Variable>;

/**
 * One update of one variable. `step` counts this optimizer's updates including this one (1 on
 * the first), as PyTorch's `state['step']` does after its increment. `lrFactor` multiplies the
 * learning rate (1 without `lrDecay`, and `lr · 1` is exactly `lr`); it follows the training
 * step, not `step`. Runs inside `tf.tidy`; writes the variable and its slots with `assign`.
 */
export type UpdateRule = (variable: tf.Variable, grad: tf.Tensor, slots: Slots, step: number, lrFactor: number) => void;

interface SlotStateJson {
  step: number;
  variableCount: number;
  slots: string[];
}

/**
 * An `OptimizerImpl` that keeps, for each variable index i, one zero-initialised state
 * variable per slot name (checkpointed as `<slot>/<i>`, e.g. `m/0`), plus a step count.
 * Slots are created on the first `apply` (shapes come from the variables) or by `setState`.
 */
export class SlotOptimizer implements OptimizerImpl {
  private slots: Slots[] = [];
  private step = 0;

  constructor(
    private readonly owner: string,
    private readonly slotNames: readonly string[],
    private readonly rule: UpdateRule,
    /** The node's `lrDecay` param: the learning rate's factor is a function of the training step. */
    private readonly lrDecay?: LrDecay,
  ) {}

  apply(vars: tf.Variable[], grads: tf.Tensor[], context?: UpdateContext): void {
    if (vars.length !== grads.length) {
      throw new Error(`${this.owner}: ${vars.length} variables but ${grads.length} gradients`);
    }
    // Before any state changes: a missing step throws with the optimizer untouched.
    const lrFactor = lrFactorFor(this.lrDecay, context, this.owner);
    this.ensureSlots(vars);
    this.step += 1;
    const step = this.step;
    tf.tidy(() => {
      vars.forEach((v, i) => this.rule(v, grads[i]!, this.slots[i]!, step, lrFactor));
    });
  }

  /**
   * The live state: `json` = step count and layout, `tensors` = `<slot>/<i>`. The tensors are
   * borrowed, as the trainer's checkpoint writer expects: read them before the next `apply`
   * and do not dispose them.
   */
  getState(): NodeState {
    const tensors: Record<string, tf.Tensor> = {};
    this.slots.forEach((slots, i) => {
      for (const name of this.slotNames) tensors[`${name}/${i}`] = slots[name]!;
    });
    const json: SlotStateJson = { step: this.step, variableCount: this.slots.length, slots: [...this.slotNames] };
    return { json, tensors };
  }

  /** Restore a state from `getState` (copies the tensors; the caller keeps ownership of them). */
  setState(state: NodeState): void {
    const json = state.json as Partial<SlotStateJson> | undefined;
    const step = json?.step;
    const count = json?.variableCount;
    if (typeof step !== 'number' || !Number.isInteger(step) || step < 0 || typeof count !== 'number') {
      throw new Error(`${this.owner}: optimizer state needs json {step, variableCount}, got ${JSON.stringify(state.json)}`);
    }
    const tensors = state.tensors ?? {};
    const restored: Slots[] = [];
    for (let i = 0; i < count; i++) {
      const slots: Slots = {};
      for (const name of this.slotNames) {
        const t = tensors[`${name}/${i}`];
        if (t === undefined) {
          restored.forEach(disposeSlots);
          disposeSlots(slots);
          throw new Error(`${this.owner}: optimizer state lacks tensor "${name}/${i}"`);
        }
        slots[name] = tf.variable(t, false);
      }
      restored.push(slots);
    }
    this.disposeAll();
    this.slots = restored;
    this.step = step;
  }

  dispose(): void {
    this.disposeAll();
  }

  private disposeAll(): void {
    this.slots.forEach(disposeSlots);
    this.slots = [];
  }

  /** Create zero slots on first use; afterwards check the variables still match them. */
  private ensureSlots(vars: tf.Variable[]): void {
    if (this.slots.length === 0 && this.step === 0) {
      this.slots = vars.map((v) => {
        const slots: Slots = {};
        for (const name of this.slotNames) {
          const zeros = tf.zerosLike(v);
          slots[name] = tf.variable(zeros, false);
          zeros.dispose();
        }
        return slots;
      });
      return;
    }
    if (this.slots.length !== vars.length) {
      throw new Error(`${this.owner}: optimizer state is for ${this.slots.length} variables but ${vars.length} were given`);
    }
    vars.forEach((v, i) => {
      for (const name of this.slotNames) {
        const s = this.slots[i]![name]!;
        if (!tf.util.arraysEqual(s.shape, v.shape)) {
          throw new Error(
            `${this.owner}: state "${name}/${i}" has shape [${s.shape.join(', ')}] but variable ${i} (${v.name}) has [${v.shape.join(', ')}]`,
          );
        }
      }
    });
  }
}

function disposeSlots(slots: Slots): void {
  for (const v of Object.values(slots)) v.dispose();
}
