import * as tf from '@tensorflow/tfjs-core';
import { buildTestNode } from '@ganvas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { shapesPaired } from './shapes-paired.js';
import { geometry } from './synth/render.js';
import { STREAM, shapeSpec } from './synth/spec.js';
import { take, useCpuBackend } from './test-backend.js';

beforeAll(useCpuBackend);

describe('images.shapesPaired', () => {
  it('gives pixel-aligned pairs: the label map and the photo agree on where the shape is', async () => {
    const node = await buildTestNode(shapesPaired, { params: { order: 'sequential', size: 32 }, batchSize: 12 });
    const out = node.forward({});
    const x = take(out.input);
    const y = take(out.target);
    take(out.label);
    for (let i = 0; i < 12; i++) {
      const g = geometry(shapeSpec(0, STREAM.paired, 'train', i), 32);
      let agree = 0;
      let total = 0;
      for (let py = 0; py < 32; py++) {
        for (let px = 0; px < 32; px++) {
          const d = g.sdf(px + 0.5, py + 0.5);
          if (Math.abs(d) < 1.5) continue; // skip the anti-aliased and rim band
          const o = ((i * 32 + py) * 32 + px) * 3;
          // Inside, both images show the fill colour; the photo is shaded within ±25%.
          const same = [0, 1, 2].every((k) => Math.abs(x[o + k]! - y[o + k]!) < 0.5);
          total++;
          if (same) agree++;
        }
      }
      expect(agree / total, `pair ${i}`).toBeGreaterThan(0.97);
    }
  });

  it('edges input: dark outline on white exactly along the shape edge', async () => {
    const node = await buildTestNode(shapesPaired, { params: { order: 'sequential', input: 'edges' }, batchSize: 4 });
    const out = node.forward({});
    const x = take(out.input);
    tf.dispose([out.target as tf.Tensor, out.label as tf.Tensor]);
    for (let i = 0; i < 4; i++) {
      const g = geometry(shapeSpec(0, STREAM.paired, 'train', i), 64);
      for (let py = 0; py < 64; py++) {
        for (let px = 0; px < 64; px++) {
          const d = Math.abs(g.sdf(px + 0.5, py + 0.5));
          const v = x[((i * 64 + py) * 64 + px) * 3]!;
          if (d > 2.5) expect(v).toBe(1);
          if (d < 0.2) expect(v).toBeLessThan(-0.5);
        }
      }
    }
  });

  it('labels describe the pair', async () => {
    const node = await buildTestNode(shapesPaired, { params: { order: 'sequential', size: 32 }, batchSize: 3 });
    const out = node.forward({});
    tf.dispose([out.input as tf.Tensor, out.target as tf.Tensor]);
    const label = take(out.label);
    const s = shapeSpec(0, STREAM.paired, 'train', 2);
    expect(label[16 + ['red', 'green', 'blue', 'yellow'].indexOf(s.colour)]).toBe(1);
    expect(label[16 + 4 + ['circle', 'square', 'triangle'].indexOf(s.shape)]).toBe(1);
  });
});
