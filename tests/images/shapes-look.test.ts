import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@ganvas/backend';
import { buildTestNode } from '@ganvas/core';
import { shapes, shapesPaired, shapesUnpaired } from '@ganvas/nodes-images';
import { beforeAll, expect, it } from 'vitest';
import { saveGrid } from './grid.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

function take(t: unknown): Float32Array {
  const x = t as tf.Tensor;
  const d = x.dataSync() as Float32Array;
  x.dispose();
  return d;
}

it('writes sample grids of every synthetic source (look at them)', async () => {
  for (const size of [32, 64] as const) {
    const s = await buildTestNode(shapes, { params: { size, order: 'sequential' }, batchSize: 32 });
    const out = s.forward({});
    take(out.label);
    expect(saveGrid(`shapes-${size}`, take(out.image), 32, size, size)).toMatch(/png$/);
  }
  const bg = await buildTestNode(shapes, { params: { labels: 'background', order: 'sequential' }, batchSize: 16 });
  const bgo = bg.forward({});
  take(bgo.label);
  saveGrid('shapes-background-set', take(bgo.image), 16, 64, 64);
  for (const input of ['labels', 'edges'] as const) {
    const p = await buildTestNode(shapesPaired, { params: { input, order: 'sequential' }, batchSize: 8 });
    const o = p.forward({});
    take(o.label);
    const x = take(o.input);
    const y = take(o.target);
    const both = new Float32Array(x.length * 2);
    both.set(x, 0);
    both.set(y, x.length);
    saveGrid(`paired-${input}`, both, 16, 64, 64);
  }
  for (const domains of ['circle-square', 'red-blue'] as const) {
    const u = await buildTestNode(shapesUnpaired, { params: { domains, order: 'sequential' }, batchSize: 8 });
    const o = u.forward({});
    const a = take(o.a);
    const b = take(o.b);
    const both = new Float32Array(a.length * 2);
    both.set(a, 0);
    both.set(b, a.length);
    saveGrid(`unpaired-${domains}`, both, 16, 64, 64);
  }
});
