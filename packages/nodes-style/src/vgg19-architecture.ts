/**
 * VGG-19 (Simonyan & Zisserman, configuration E) as Keras names its layers: 16 conv layers
 * (3×3, stride 1, 'same', ReLU) in five blocks, each block ending in 2×2/2 max pooling.
 * The fully connected head is not listed: style transfer never uses it, and a model file
 * that has it (include_top=True) loads unchanged — layers past the deepest tap are ignored.
 */

export interface VggLayer {
  name: string;
  kind: 'conv' | 'pool';
  /** Block number 1..5: features of block b are 2^(b−1) times smaller than the input. */
  block: number;
  /** Output channels. */
  channels: number;
}

const BLOCKS: [number, number][] = [
  [2, 64],
  [2, 128],
  [4, 256],
  [4, 512],
  [4, 512],
];

export const VGG19_LAYERS: readonly VggLayer[] = BLOCKS.flatMap(([convs, channels], i) => {
  const block = i + 1;
  const layers: VggLayer[] = [];
  for (let c = 1; c <= convs; c++) layers.push({ name: `block${block}_conv${c}`, kind: 'conv', block, channels });
  layers.push({ name: `block${block}_pool`, kind: 'pool', block, channels });
  return layers;
});

export const VGG19_LAYER_NAMES: readonly string[] = VGG19_LAYERS.map((l) => l.name);

/** The VGG-19 layer with this Keras name, or undefined. */
export function vggLayer(name: string): VggLayer | undefined {
  return VGG19_LAYERS.find((l) => l.name === name);
}

/** How many times a layer's output has been halved by pooling (its own pool included). */
export function poolsBefore(layer: VggLayer): number {
  return layer.kind === 'pool' ? layer.block : layer.block - 1;
}

/** Gatys et al.'s choice: content conv4_2, style conv1_1 … conv5_1 (weights 1/5 each). */
export const GATYS_STYLE_LAYERS = ['block1_conv1', 'block2_conv1', 'block3_conv1', 'block4_conv1', 'block5_conv1'];
export const GATYS_CONTENT_LAYER = 'block4_conv2';
