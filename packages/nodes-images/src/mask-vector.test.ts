import * as tf from '@tensorflow/tfjs-core';
import { buildTestNode } from '@ganvas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskVector } from './mask-vector.js';
import { take, useCpuBackend } from './test-backend.js';

beforeAll(useCpuBackend);

const infer = (params: Record<string, unknown>, k: number | string) =>
  maskVector.infer!({
    nodeId: 'm',
    params: maskVector.params.parse(params),
    inputs: { label: { role: 'label', dtype: 'float32', shape: ['B', k] } },
    bindings: new Map(),
    declaredOutputs: {},
  });

describe('images.maskVector', () => {
  it("places the label in its dataset's slot, zeros elsewhere, and the mask one-hot last (the seed's example)", async () => {
    // c̃ = {0,0,0,0,0,0}_c1 + {0,0,1,0,0}_c2 + {0,1}_m: dataset 2 of (6, 5) labels, "Happy".
    const node = await buildTestNode(maskVector, { params: { sizes: [6, 5], dataset: 1 } });
    const y = take(node.forward({ label: tf.tensor2d([[0, 0, 1, 0, 0]]) }).label);
    expect(Array.from(y)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
    const first = await buildTestNode(maskVector, { params: { sizes: [2, 3], dataset: 0 } });
    expect(Array.from(take(first.forward({ label: tf.tensor2d([[1, 0], [0, 1]]) }).label))).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0]);
  });

  it('infers the width and refuses a label of the wrong width or a missing slot', () => {
    expect(infer({}, 8)).toEqual({ outputs: { label: { role: 'label', dtype: 'float32', shape: ['B', 14] } } });
    expect(infer({ dataset: 1 }, 8)).toEqual({ errors: [{ port: 'label', message: 'dataset 1 has 4 labels (sizes[1]), the label input has 8' }] });
    expect(infer({ dataset: 2 }, 4)).toMatchObject({ errors: [{ message: 'dataset 2 is not a slot: sizes has 2 entries (0..1)' }] });
    expect(infer({}, 'K')).toMatchObject({ outputs: { label: { shape: ['B', 14] } } });
  });
});
