import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@ganvas/backend';
import { buildTestNode } from '@ganvas/core';
import { vgg19 } from '@ganvas/nodes-style';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildVgg, recordingHost, tempDir } from './helpers.js';
import { writeTinyVgg } from './tiny-vgg.js';

// style.vgg19's loader on TF.js layers files the tests write (tiny-vgg.ts), and — opt-in —
// on the real block1-3 weights in /work/shared/models/vgg19-block3.
beforeAll(async () => {
  await selectBackend('cpu');
});

describe('style.vgg19 weight loading', () => {
  it('maps every kernel and bias by layer name (multi-shard groups, converter prefixes), frozen', async () => {
    const dir = tempDir('load');
    const tiny = writeTinyVgg(path.join(dir, 'm'), { upTo: 'block2_conv1', prefix: 'vgg19/' });
    const { node, net } = await buildVgg(recordingHost(dir), { weights: 'm/model.json', outputs: ['block1_pool', 'block2_conv1'] });
    for (const [name, w] of tiny.weights) {
      const v = node.weights.get(name);
      expect(v?.shape, name).toEqual(w.shape);
      expect(Array.from(v!.dataSync()), name).toEqual(Array.from(w.values));
    }
    expect(net.trainableVariables()).toEqual([]);
    expect(net.variables()).toHaveLength(6);
    const out = net.apply({ image: tf.zeros([1, 9, 8, 3]) }, {} as never);
    expect(out['block1_pool']!.shape).toEqual([1, 4, 4, 64]);
    expect(out['block2_conv1']!.shape).toEqual([1, 4, 4, 128]);
    node.dispose();
  });

  it('accepts a full model with its classifier head unchanged and reads only the shards it needs', async () => {
    const dir = tempDir('head');
    writeTinyVgg(dir, { upTo: 'block1_pool', withHead: true });
    const host = recordingHost(dir);
    const { node } = await buildVgg(host, { weights: '.', outputs: ['block1_conv2'] });
    // The head's shard does not exist on disk: it was never read.
    expect(host.reads.some((r) => r.includes('head'))).toBe(false);
    expect(host.reads).toContain('./model.json');
    node.dispose();
  });

  it('names the file and the missing layer when the model is too shallow', async () => {
    const dir = tempDir('shallow');
    writeTinyVgg(dir, { upTo: 'block1_conv2' });
    await expect(buildTestNode(vgg19, { params: { weights: dir, outputs: ['block2_conv1'] }, host: recordingHost(dir) })).rejects.toThrow(
      /model\.json does not provide the VGG-19 layers this node needs \(up to block2_conv1\): it has no layer "block1_pool".*its conv layers: block1_conv1, block1_conv2/,
    );
  });

  it('reports missing weights with the path and the conversion command', async () => {
    const dir = tempDir('none');
    await expect(buildTestNode(vgg19, { params: { weights: 'vgg19' }, host: recordingHost(dir) })).rejects.toThrow(
      /VGG-19 weights not found at "vgg19" \(file not found: .*vgg19\/model\.json\); convert the Keras ImageNet weights once with tensorflowjs_converter/,
    );
  });

  it('refuses truncated shards and shard paths that leave the model folder', async () => {
    const dir = tempDir('bad');
    writeTinyVgg(dir, { upTo: 'block1_conv1' });
    fs.truncateSync(path.join(dir, 'group1-shard2of2'), 100);
    await expect(buildVgg(recordingHost(dir), { weights: '.', outputs: ['block1_conv1'] })).rejects.toThrow(/hold \d+ bytes, but weight "block1_conv1\/kernel".*are the shard files complete/);
    const model = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    model.weightsManifest[0].paths[0] = '../secret';
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(model));
    await expect(buildVgg(recordingHost(dir), { weights: '.', outputs: ['block1_conv1'] })).rejects.toThrow(/shard path "\.\.\/secret" must be a file name relative to model\.json/);
  });

  it('refuses taps that are not VGG-19 layers, listing the valid ones', () => {
    const res = vgg19.infer!({ nodeId: 'v', params: vgg19.params.parse({ outputs: ['conv4_2'] }), inputs: {}, bindings: new Map(), declaredOutputs: {} });
    expect(res).toMatchObject({ errors: [{ message: expect.stringMatching(/"conv4_2", not VGG-19 layers; choose from block1_conv1, .*block5_pool/) }] });
  });

  const REAL = '/work/shared/models/vgg19-block3';
  const haveReal = fs.existsSync(path.join(REAL, 'model.json'));
  it.skipIf(!haveReal)(`loads the real VGG-19 block1-3 weights (opt-in: ${REAL}${haveReal ? '' : ' is absent, skipped'})`, async () => {
    const { node, net } = await buildVgg(recordingHost('/'), { weights: REAL, outputs: ['block1_conv1', 'block2_conv1', 'block3_conv1', 'block3_conv4'] });
    // A flat grey image: ReLU features are finite and not all zero; shapes follow the pools.
    const out = net.apply({ image: tf.fill([1, 32, 32, 3], 0.5) }, {} as never);
    expect(out['block3_conv4']!.shape).toEqual([1, 8, 8, 256]);
    expect(tf.max(out['block1_conv1']!).dataSync()[0]).toBeGreaterThan(0);
    expect(node.weights.get('block3_conv4/kernel')!.shape).toEqual([3, 3, 256, 256]);
    node.dispose();
  });
});
if (!fs.existsSync('/work/shared/models/vgg19-block3/model.json')) {
  console.warn('tests/style/loader.test.ts: /work/shared/models/vgg19-block3 is absent; the real-weights test is skipped');
}
