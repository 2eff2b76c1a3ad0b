import { CLASSIFIER_ARCH, DigitClassifier } from './classifier.js';
import type { ClassifierWeights, ConvNet } from './convnet.js';
import { decodeClassifier, encodeClassifier, type ClassifierRecord, type ClassifierStore } from './classifier-store.js';
import { Fnv64 } from './hash.js';
import type { LabelledImages } from './labelled-images.js';
import { trainClassifier, zClassifierTraining, type ClassifierTraining, type EpochReport } from './train-classifier.js';

export interface ClassifierRequest {
  /** Images the classifier learns from (ganvas uses MNIST's training split). */
  train: LabelledImages;
  /** Images its accuracy is reported on (MNIST's held-out split). */
  heldout: LabelledImages;
  /** Where trained classifiers are kept; without one, it is trained every time. */
  store?: ClassifierStore;
  training?: Partial<ClassifierTraining>;
  onEpoch?: (r: EpochReport) => void;
}

export interface LoadedClassifierOf<C> {
  classifier: C;
  /** Everything recorded with it except the weights. */
  info: Omit<ClassifierRecord, 'weights'>;
  /** True when it came from the store, false when it was trained just now. */
  cached: boolean;
}

export type LoadedClassifier = LoadedClassifierOf<DigitClassifier>;

/**
 * The cache key: architecture, training options and the exact bytes of both data splits
 * (the held-out split too, because the recorded accuracy is measured on it).
 */
export function classifierKey(train: LabelledImages, heldout: LabelledImages, training: Partial<ClassifierTraining> = {}): string {
  const options = zClassifierTraining.parse(training);
  const h = new Fnv64().string(CLASSIFIER_ARCH).string(JSON.stringify(options));
  for (const set of [train, heldout]) h.string(`|${set.count}|`).array(set.images).array(set.labels);
  return `mnist-convnet-v1-${h.hex()}`;
}

/**
 * A classifier from the store when it holds one under `key` (rebuilt from its weights by
 * `rebuild`), otherwise `train`ed now, described by `describe` (its held-out accuracy…) and
 * stored. Shared by the digit and attribute classifiers.
 */
export async function loadOrTrain<C extends ConvNet>(
  store: ClassifierStore | undefined,
  key: string,
  rebuild: (weights: ClassifierWeights) => C,
  train: () => C,
  describe: (classifier: C, trainMs: number) => Omit<ClassifierRecord, 'weights'>,
): Promise<LoadedClassifierOf<C>> {
  const bytes = await store?.read(key);
  if (bytes) {
    const { weights, ...info } = decodeClassifier(bytes, store?.describe?.(key) ?? key);
    return { classifier: rebuild(weights), info, cached: true };
  }
  const t0 = Date.now();
  const classifier = train();
  try {
    const info = describe(classifier, Date.now() - t0);
    await store?.write(key, encodeClassifier({ ...info, weights: classifier.weights() }));
    return { classifier, info, cached: false };
  } catch (e) {
    classifier.dispose();
    throw e;
  }
}

/**
 * The classifier for these data and options: loaded from the store when it holds one under
 * the same key, otherwise trained (a minute or two on wasm), measured on the held-out set
 * and stored.
 */
export async function loadOrTrainClassifier(request: ClassifierRequest): Promise<LoadedClassifier> {
  const training = zClassifierTraining.parse(request.training ?? {});
  const key = classifierKey(request.train, request.heldout, training);
  const { heldout } = request;
  return loadOrTrain(
    request.store,
    key,
    (weights) => new DigitClassifier(weights),
    () => trainClassifier(request.train, training, request.onEpoch),
    (classifier, trainMs) => ({
      key,
      arch: CLASSIFIER_ARCH,
      heldoutAccuracy: classifier.accuracy(heldout.images, heldout.labels, heldout.count),
      heldoutCount: heldout.count,
      trainCount: request.train.count,
      trainMs,
      training,
    }),
  );
}
