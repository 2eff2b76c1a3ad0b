import { z } from 'zod';

/**
 * The TensorFlow.js "layers model" file format, as written by `tensorflowjs_converter
 * --input_format keras` and by `tf.LayersModel.save`: a `model.json` holding the Keras
 * topology and a weights manifest, next to binary shard files. Each manifest group lists
 * weights whose bytes are laid out one after another, in order, across the group's shards
 * concatenated in the order of `paths`. Values are little-endian float32 unless the entry
 * is quantized (uint8/uint16 with `scale` and `min`, or float16).
 */

export const zWeightQuantization = z.object({
  dtype: z.enum(['uint8', 'uint16', 'float16']),
  scale: z.number().optional(),
  min: z.number().optional(),
});

export const zWeightEntry = z.object({
  name: z.string().min(1),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.string().default('float32'),
  quantization: zWeightQuantization.optional(),
});
export type WeightEntry = z.infer<typeof zWeightEntry>;

export const zWeightGroup = z.object({
  paths: z.array(z.string().min(1)).min(1),
  weights: z.array(zWeightEntry),
});
export type WeightGroup = z.infer<typeof zWeightGroup>;

/** One Keras layer of the topology: its class and config (we read name, filters, kernel…). */
export const zKerasLayer = z
  .object({
    class_name: z.string(),
    name: z.string().optional(),
    config: z.record(z.string(), z.unknown()).default({}),
  })
  .loose();
export type KerasLayer = z.infer<typeof zKerasLayer>;

type KerasModelConfig = { class_name: string; config: KerasLayer[] | { layers: KerasLayer[] } };

const zKerasModelConfig: z.ZodType<KerasModelConfig> = z
  .object({
    class_name: z.string(),
    // Sequential models of old Keras versions store the layer list directly as `config`.
    config: z.union([z.array(zKerasLayer), z.object({ layers: z.array(zKerasLayer) }).loose()]),
  })
  .loose();

export const zModelJson = z
  .object({
    format: z.string().optional(),
    modelTopology: z.union([
      z.object({ model_config: zKerasModelConfig }).loose(),
      zKerasModelConfig,
    ]),
    weightsManifest: z.array(zWeightGroup).min(1),
  })
  .loose();
export type ModelJson = z.infer<typeof zModelJson>;

/** A layer as the model file describes it. */
export interface ModelLayer {
  name: string;
  className: string;
  config: Record<string, unknown>;
}

/** The layers of a parsed model.json, in topology order. */
export function modelLayers(model: ModelJson): ModelLayer[] {
  const t = model.modelTopology as KerasModelConfig | { model_config: KerasModelConfig };
  const topo = 'model_config' in t ? t.model_config : t;
  const list = Array.isArray(topo.config) ? topo.config : topo.config.layers;
  return list.map((l: KerasLayer) => {
    const name = typeof l.config['name'] === 'string' ? (l.config['name'] as string) : (l.name ?? '');
    return { name, className: l.class_name, config: l.config };
  });
}

/**
 * The layer a weight belongs to and its role: `block1_conv1/kernel:0` and
 * `vgg19/block1_conv1/kernel` (converters differ in suffixes and model-name prefixes) both
 * give `{ layer: 'block1_conv1', role: 'kernel' }`.
 */
export function weightKey(name: string): { layer: string; role: string } {
  const parts = name.replace(/:\d+$/, '').split('/');
  const role = parts.at(-1) ?? '';
  const layer = parts.length >= 2 ? parts[parts.length - 2]! : '';
  return { layer, role };
}
