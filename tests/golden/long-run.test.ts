import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { compile, type Registry } from '@ganvas/core';
import { selectBackend } from '@ganvas/backend';
import { createNodeRegistry, nodeHost } from '@ganvas/host-node';
import { main } from '@ganvas/cli';
import { beforeAll, describe, expect, it } from 'vitest';

// What users rely on over a long run: memory that does not grow, and resume that is exact.
const here = path.dirname(fileURLToPath(import.meta.url));
const templates = path.resolve(here, '../../templates');
const read = (f: string) => JSON.parse(fs.readFileSync(path.join(templates, f), 'utf8'));

let registry: Registry;
beforeAll(async () => {
  await selectBackend('wasm');
  ({ registry } = await createNodeRegistry({ searchDirs: [path.resolve(here, '..')] }));
});

describe('long runs', () => {
  it.each(['dcgan-mnist.json', 'vae-mnist.json'])('%s: the live tensor count is the same before and after 100 steps', async (file) => {
    const trainer = await compile(read(file), registry, { host: nodeHost, batchSize: 16 });
    await trainer.runStep();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) await trainer.runStep();
    const after = tf.memory().numTensors;
    console.log(`${file}: live tensors before ${before}, after 100 steps ${after}`);
    expect(after).toBe(before);
    trainer.dispose();
  });

  it('DCGAN: 40 steps in one go equal 20 steps resumed to 40, loss for loss', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ganvas-resume-'));
    const sink = { write: () => true };
    const io = { stdout: sink, stderr: sink, cwd: dir };
    const graph = path.join(templates, 'dcgan-mnist.json');
    const common = ['--backend', 'wasm', '--batch-size', '16', '--sample-every', '0', '--checkpoint-every', '0'];
    expect(await main(['train', graph, '--out', 'full', '--steps', '40', ...common], io as never)).toBe(0);
    expect(await main(['train', graph, '--out', 'half', '--steps', '20', ...common], io as never)).toBe(0);
    expect(await main(['train', '--out', 'half', '--resume', '--steps', '40', '--backend', 'wasm'], io as never)).toBe(0);
    const losses = (run: string) =>
      fs
        .readFileSync(path.join(dir, run, 'metrics.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { step: number; losses: Record<string, number> })
        .map((r) => [r.step, r.losses.D, r.losses.G]);
    const full = losses('full');
    expect(full).toHaveLength(40);
    expect(losses('half')).toEqual(full);
  });
});
