import { AttributeClassifier, ATTRIBUTE_ARCH, attributeNet } from './attribute-classifier.js';
import type { AttributeImages } from './attribute-images.js';
import { groupValues, labelWidth, zAttributeSchema, type AttributeSchema } from './attribute-schema.js';
import { attributeScores, perLabelAccuracy } from './attribute-scores.js';
import { loadOrTrain, type LoadedClassifierOf } from './classifier-cache.js';
import type { ClassifierStore } from './classifier-store.js';
import type { EpochReport } from './fit-convnet.js';
import { Fnv64 } from './hash.js';
import { trainAttributeClassifier, zAttributeTraining, type AttributeTraining } from './train-attribute-classifier.js';

export interface AttributeClassifierRequest {
  schema: AttributeSchema;
  /** Images it learns from (a dataset's training split). */
  train: AttributeImages;
  /** Images its accuracy is reported on (the held-out split). */
  heldout: AttributeImages;
  /** Where trained classifiers are kept; without one, it is trained every time. */
  store?: ClassifierStore;
  training?: Partial<AttributeTraining>;
  onEpoch?: (r: EpochReport) => void;
}

export type LoadedAttributeClassifier = LoadedClassifierOf<AttributeClassifier>;

/**
 * The cache key: architecture, schema, training options and the exact bytes of both splits
 * (the held-out split too, because the recorded accuracy is measured on it).
 */
export function attributeClassifierKey(schema: AttributeSchema, train: AttributeImages, heldout: AttributeImages, training: Partial<AttributeTraining> = {}): string {
  const options = zAttributeTraining.parse(training);
  const h = new Fnv64().string(ATTRIBUTE_ARCH).string(JSON.stringify(zAttributeSchema.parse(schema))).string(JSON.stringify(options));
  for (const set of [train, heldout]) {
    h.string(`|${set.count}|${set.shape.join('x')}|${set.range.join(',')}|`).array(set.images).array(set.labels);
  }
  return `attr-convnet-v1-${h.hex()}`;
}

/**
 * The attribute classifier for these data and options: from the store when it holds one under
 * the same key, otherwise trained, measured on the held-out split (accuracy per attribute and
 * per label; `heldoutAccuracy` is the share of images with every attribute right) and stored.
 */
export async function loadOrTrainAttributeClassifier(request: AttributeClassifierRequest): Promise<LoadedAttributeClassifier> {
  const schema = zAttributeSchema.parse(request.schema);
  const training = zAttributeTraining.parse(request.training ?? {});
  const { train, heldout } = request;
  if (heldout.shape.join() !== train.shape.join()) {
    throw new Error(`attribute classifier: held-out images are ${heldout.shape.join('×')}, training images ${train.shape.join('×')}`);
  }
  const key = attributeClassifierKey(schema, train, heldout, training);
  return loadOrTrain(
    request.store,
    key,
    (weights) => new AttributeClassifier(schema, train.shape, weights),
    () => trainAttributeClassifier(train, schema, training, request.onEpoch),
    (classifier, trainMs) => {
      const p = classifier.predict(heldout.images, heldout.count, { range: heldout.range });
      const scores = attributeScores(p.values, groupValues(heldout.labels, heldout.count, schema), heldout.count, schema);
      return {
        key,
        arch: ATTRIBUTE_ARCH,
        heldoutAccuracy: scores.allCorrect,
        heldoutPerAttribute: scores.perAttribute,
        heldoutPerLabel: perLabelAccuracy(p.logits, heldout.labels, heldout.count, schema),
        heldoutCount: heldout.count,
        trainCount: train.count,
        trainMs,
        training,
        schema,
        net: attributeNet(train.shape, labelWidth(schema)),
      };
    },
  );
}
