import { describe, expect, it } from 'vitest';
import { zNetworkDef } from '@ganvas/core';
import { vgg19, zVgg19Params } from './vgg19.js';

// `style.vgg19`'s `layers`: what the editor shows when the node is opened. Validation through
// the real layer nodes is in tests/style/vgg19-layers.test.ts (this package does not depend on them).
describe('style.vgg19 layers', () => {
  it('lists conv+relu up to the deepest tap, the pools between, and one output per tap', () => {
    const def = vgg19.layers!(zVgg19Params.parse({ outputs: ['block1_conv1', 'block2_conv2'] }));
    expect(zNetworkDef.safeParse(def).success).toBe(true);
    const convs = def.nodes.filter((n) => n.type === 'layers.conv2d').map((n) => n.id);
    expect(convs).toEqual(['block1_conv1_conv', 'block1_conv2_conv', 'block2_conv1_conv', 'block2_conv2_conv']);
    expect(def.nodes.filter((n) => n.type === 'layers.maxPool2d').map((n) => n.id)).toEqual(['block1_pool']);
    expect(def.nodes.find((n) => n.id === 'block2_conv2_conv')!.params).toMatchObject({ filters: 128, kernelSize: 3 });
    const outs = def.nodes.filter((n) => n.type === 'core.output').map((n) => n.params['name']);
    expect(outs).toEqual(['block1_conv1', 'block2_conv2']);
  });

  it('follows the default taps (Gatys style + content layers) to block5_conv1', () => {
    const def = vgg19.layers!(zVgg19Params.parse({}));
    const convs = def.nodes.filter((n) => n.type === 'layers.conv2d');
    expect(convs).toHaveLength(13); // 2 + 2 + 4 + 4 + block5_conv1
    expect(convs.at(-1)!.id).toBe('block5_conv1_conv');
  });

  it('names unknown taps instead of drawing a graph that does not run', () => {
    expect(() => vgg19.layers!(zVgg19Params.parse({ outputs: ['block1_conv1', 'block9_conv1'] }))).toThrow(
      '"outputs" names "block9_conv1", not VGG-19 layers',
    );
  });
});
