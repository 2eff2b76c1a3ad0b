import type { Contract, DataParallelSupport } from '@ganvas/core';

/**
 * How the built-in node types that need no change for data-parallel training behave on a
 * row shard (see core's DataParallelSupport). Node types that had to change to support it
 * (sources, batch norm, dropout, reparameterize) declare `dataParallel` in their definitions,
 * as plug-ins do; a definition's own declaration wins over this table. A type in neither
 * place is refused: an unknown node must never be split silently.
 */

type Entry = DataParallelSupport | ((params: Record<string, unknown>, inputs: Record<string, Contract | Contract[] | undefined>) => DataParallelSupport);

const rowwise = (types: string[]): Record<string, Entry> => Object.fromEntries(types.map((t) => [t, 'rowwise' as const]));
const batchMean = (types: string[]): Record<string, Entry> => Object.fromEntries(types.map((t) => [t, 'batchMean' as const]));
const batchless = (types: string[]): Record<string, Entry> => Object.fromEntries(types.map((t) => [t, 'batchless' as const]));

/** Concatenation is row-wise unless it joins along the batch axis. */
function concat(params: Record<string, unknown>, inputs: Record<string, Contract | Contract[] | undefined>): DataParallelSupport {
  const axis = typeof params.axis === 'number' ? params.axis : -1;
  const first = ([] as (Contract | undefined)[]).concat(inputs.x ?? [])[0];
  const rank = first?.shape?.length;
  const normalised = axis < 0 && rank !== undefined ? rank + axis : axis;
  if (normalised === 0 || (axis < 0 && rank === undefined)) {
    return normalised === 0
      ? { unsupported: 'it joins along the batch axis (axis 0), so its rows mix the shards of different workers' }
      : { unsupported: `its axis ${axis} cannot be told apart from the batch axis (the input rank is unknown)` };
  }
  return 'rowwise';
}

const STYLE = 'style transfer optimises one image (batch 1): there is no batch to split across workers';

export const BUILTIN_SUPPORT: Record<string, Entry> = {
  // core intrinsics: network plumbing; previews are never part of a training step.
  ...rowwise(['core.input', 'core.output', 'core.apply', 'core.preview']),
  ...batchless(['core.network']),
  // layers whose rows depend only on the same rows (instance norm: per-sample statistics).
  ...rowwise([
    'layers.dense',
    'layers.conv2d',
    'layers.conv2dTranspose',
    'layers.relu',
    'layers.leakyRelu',
    'layers.tanh',
    'layers.sigmoid',
    'layers.reshape',
    'layers.flatten',
    'layers.add',
    'layers.instanceNorm',
    'layers.maxPool2d',
    'layers.reflectPad',
    'data.oneHot',
    'gan.tileLabels',
    'images.maskVector',
    'i2i.maskedLabels',
    'i2i.sideBySide',
  ]),
  'layers.concat': concat,
  // losses: means over the batch of per-row terms; a weighted sum of such is one too.
  ...batchMean([
    'loss.bce',
    'loss.mse',
    'loss.l1',
    'loss.gan',
    'loss.klNormal',
    'loss.weightedSum',
    'gan.wasserstein',
    'i2i.lsganLoss',
    'i2i.classificationLoss',
  ]),
  // optimizers see the averaged gradients, identical in every worker; phase modifiers see
  // the weights, identical in every worker.
  ...batchless(['optim.adam', 'optim.sgd', 'optim.rmsprop', 'optim.lbfgs', 'optim.schedule', 'optim.clipWeights', 'optim.averageWeights']),
  ...Object.fromEntries(
    ['style.vgg19', 'style.imageFile', 'style.imageParameter', 'style.fixedFeatures', 'style.gram', 'style.contentLoss', 'style.styleLoss', 'style.tvLoss'].map(
      (t) => [t, { unsupported: STYLE }],
    ),
  ),
};
