import { decodeCheckpoint, encodeCheckpoint } from '@ganvas/core';
import { selectBackend } from '@ganvas/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileTemplate } from './helpers.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('CycleGAN image pools in checkpoints (cyclegan-shapes.json)', () => {
  it('stores the pooled images and resumes exactly: same losses after restore as without interruption', async () => {
    const a = (await compileTemplate('cyclegan-shapes.json', 2)).trainer;
    for (let i = 0; i < 2; i++) await a.runStep();
    const snap = a.snapshot();
    // Each pool holds the 2 fakes of each of the 2 D updates so far.
    expect(snap.tensors['state/pool_b/images']?.shape).toEqual([4, 32, 32, 3]);
    expect(snap.tensors['state/pool_a/images']?.shape).toEqual([4, 32, 32, 3]);
    expect(snap.meta.nodeStates['state/pool_b']).toEqual({ count: 4 });
    const encoded = encodeCheckpoint(snap);
    const b = (await compileTemplate('cyclegan-shapes.json', 2, 999)).trainer;
    b.restore(decodeCheckpoint(encoded.json, encoded.binary));
    const poolOf = (t: typeof a) => Array.from(t.snapshot().tensors['state/pool_b/images']!.values);
    expect(poolOf(b)).toEqual(poolOf(a));
    for (let i = 0; i < 2; i++) {
      const ea = await a.runStep();
      const eb = await b.runStep();
      expect(eb.losses).toEqual(ea.losses);
    }
    expect(poolOf(b)).toEqual(poolOf(a));
    a.dispose();
    b.dispose();
  }, 120_000);
});
