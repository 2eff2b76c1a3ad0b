import { compile, StepError } from '@ganvas/core';
import { nodeHost } from '@ganvas/host-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { relDiff, setup, smallConvGan, startTwo, state } from './helpers.js';

// A step that fails in one worker fails in all of them, quickly (no worker waits for one that
// will never come), rolls back everywhere, and says which worker and phase failed.

beforeAll(setup);

/** The small conv GAN with a fault injected in D (the first phase) of one worker at step 2. */
const faulty = (params: Record<string, unknown>) =>
  smallConvGan({ extraD: [{ id: 'fault', type: 'faults.inject', version: 1, params: { step: 2, ...params } }] });

async function expectStepFails(run: () => Promise<unknown>, message: string, withinMs: number): Promise<StepError> {
  const t0 = Date.now();
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StepError);
  expect((error as StepError).message).toBe(message);
  expect(Date.now() - t0).toBeLessThan(withinMs);
  return error as StepError;
}

describe('a failing worker', () => {
  it('that throws fails the step in every worker, rolled back everywhere; the retried step trains as one worker does', async () => {
    const doc = faulty({ worker: 1, kind: 'throw', once: true });
    const { trainer, group } = await startTwo(doc);
    const one = await compile(doc, await setup(), { host: nodeHost });
    try {
      await trainer.runStep();
      await one.runStep();
      const [before] = await group.checksums();
      await expectStepFails(() => trainer.runStep(), 'step 2, phase "D": worker 1: node "D/fault" (faults.inject, applied by "d_real"): injected failure', 10_000);
      expect(trainer.step).toBe(1);
      expect(await group.checksums()).toEqual([before, before]);
      // Weights, optimizer state, data order and random stream all came back in both workers:
      // the retried steps give what an uninterrupted one-worker run gives.
      for (let i = 0; i < 2; i++) {
        await trainer.runStep();
        await one.runStep();
      }
      expect(relDiff(state(one), state(trainer)).rel).toBeLessThan(1e-4);
      expect(trainer.snapshot().meta.rng).toEqual(one.snapshot().meta.rng);
      expect(new Set(await group.checksums()).size).toBe(1);
    } finally {
      await group.close();
      trainer.dispose();
      one.dispose();
    }
  });

  it('with a NaN loss is named, and so is the phase', async () => {
    const { trainer, group } = await startTwo(faulty({ worker: 1, kind: 'nan' }));
    try {
      await trainer.runStep();
      const [before] = await group.checksums();
      await expectStepFails(() => trainer.runStep(), 'step 2, phase "D": worker 1: loss of phase "D" is NaN', 10_000);
      expect(await group.checksums()).toEqual([before, before]);
      const [report] = await group.settle();
      expect(report).toMatchObject({ worker: 1, step: 2, ok: false, message: 'step 2, phase "D": worker 1: loss of phase "D" is NaN' });
    } finally {
      await group.close();
      trainer.dispose();
    }
  });

  it('worker 0 throwing rolls the other workers back too', async () => {
    const { trainer, group } = await startTwo(faulty({ worker: 0, kind: 'throw' }));
    try {
      await trainer.runStep();
      const [before] = await group.checksums();
      await expectStepFails(() => trainer.runStep(), 'step 2, phase "D": worker 0: node "D/fault" (faults.inject, applied by "d_real"): injected failure', 10_000);
      const [report] = await group.settle();
      expect(report).toMatchObject({ ok: false, message: 'step 2, phase "D": worker 0: node "D/fault" (faults.inject, applied by "d_real"): injected failure' });
      expect(await group.checksums()).toEqual([before, before]);
    } finally {
      await group.close();
      trainer.dispose();
    }
  });

  it('whose thread ends is given up on after the timeout, and named', async () => {
    const { trainer, group } = await startTwo(faulty({ worker: 1, kind: 'exit' }), { timeoutMs: 1500 });
    try {
      await trainer.runStep();
      await expectStepFails(() => trainer.runStep(), 'step 2, phase "D": worker 1 did not arrive within 1.5 s (stuck, or its thread ended)', 10_000);
      expect(trainer.step).toBe(1);
      // Once this thread has seen it go, a new step says so at once.
      await new Promise((resolve) => setTimeout(resolve, 100));
      await expectStepFails(() => trainer.runStep(), 'step 2: worker 1 has stopped: worker 1 stopped (exit code 3)', 1000);
    } finally {
      await group.close();
      trainer.dispose();
    }
  });
});
