import * as tf from '@tensorflow/tfjs-core';
import { buildTestNode } from '@ganvas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOMAIN_PAIRS, shapesUnpaired } from './shapes-unpaired.js';
import { STREAM, shapeSpec } from './synth/spec.js';
import { take, useCpuBackend } from './test-backend.js';

beforeAll(useCpuBackend);

describe('images.shapesUnpaired', () => {
  it('domain A fixes one attribute value, B another; the rest is alike in both', () => {
    for (const [name, [fa, fb]] of Object.entries(DOMAIN_PAIRS)) {
      const counts = { a: new Map<string, number>(), b: new Map<string, number>() };
      for (let i = 0; i < 600; i++) {
        const a = shapeSpec(0, STREAM.domainA, 'train', i, fa);
        const b = shapeSpec(0, STREAM.domainB, 'train', i, fb);
        for (const [k, v] of Object.entries(fa)) expect(a[k as keyof typeof a], name).toBe(v);
        for (const [k, v] of Object.entries(fb)) expect(b[k as keyof typeof b], name).toBe(v);
        for (const [d, s] of [['a', a], ['b', b]] as const) {
          for (const v of [s.shape, s.colour, s.size, s.background]) counts[d].set(v, (counts[d].get(v) ?? 0) + 1);
        }
      }
      // An attribute neither domain fixes has the same distribution in both (within sampling noise).
      const free = ['large', 'small'];
      for (const v of free) expect(Math.abs(counts.a.get(v)! - counts.b.get(v)!), `${name} ${v}`).toBeLessThan(90);
    }
  });

  it('gives independent, unpaired batches; each domain keeps its own epoch state', async () => {
    const node = await buildTestNode(shapesUnpaired, { params: { size: 32, trainCount: 7, domains: 'red-blue' }, batchSize: 5 });
    const out = node.forward({});
    const a = take(out.a);
    const b = take(out.b);
    expect(Array.from(a)).not.toEqual(Array.from(b));
    expect(node.instance.getState!().json).toMatchObject({ a: { order: 'shuffle', count: 7, cursor: 5 }, b: { cursor: 5 } });
    tf.dispose(Object.values(node.forward({}, { purpose: 'eval', training: false })) as tf.Tensor[]);
    expect(node.instance.getState!().json).toMatchObject({ a: { cursor: 5, epoch: 1 } });
  });
});
