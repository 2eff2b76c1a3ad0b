import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Rng, buildTestNode, type Network, type Host } from '@ganvas/core';
import { createNodeHost } from '@ganvas/host-node';
import { vgg19 } from '@ganvas/nodes-style';

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `ganvas-style-${prefix}-`));
}

/** A quiet Node host reading relative to `dir`, recording what it read. */
export function recordingHost(dir: string): Host & { reads: string[] } {
  const base = createNodeHost({ baseDir: dir, log: () => undefined });
  const reads: string[] = [];
  return {
    ...base,
    reads,
    readFile: (p: string) => {
      reads.push(p);
      return base.readFile(p);
    },
  };
}

/** Build `style.vgg19` outside a graph and return its network value. */
export async function buildVgg(host: Host, params: Record<string, unknown>) {
  const node = await buildTestNode(vgg19, { params, host });
  const net = node.forward({}).net as Network;
  return { node, net };
}

/** A smooth synthetic RGB image [1, h, w, 3] in [0, 1] (gradients and circles). */
export function syntheticImage(h: number, w: number, seed: number): tf.Tensor4D {
  const rng = new Rng(seed);
  const cx = rng.uniform() * w;
  const cy = rng.uniform() * h;
  const px = new Float32Array(h * w * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = 3 * (y * w + x);
      const r = Math.hypot(x - cx, y - cy) / Math.max(h, w);
      px[i] = x / (w - 1);
      px[i + 1] = r < 0.3 ? 0.9 : 0.2 + 0.5 * (y / (h - 1));
      px[i + 2] = 0.5 + 0.4 * Math.sin((x + y) * 0.7 + seed);
    }
  }
  return tf.tensor4d(px, [1, h, w, 3]);
}
