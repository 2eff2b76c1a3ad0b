import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../select-backend.js';
import { expectNoWasmLeaks } from '../test-leaks.js';

describe('Identity on wasm (shares the buffer)', () => {
  it('a clone keeps its values after the original is disposed, and vice versa', async () => {
    await selectBackend('wasm');
    const a = tf.tensor([1, 2, 3, 4], [2, 2]);
    const b = tf.clone(a);
    a.dispose();
    expect(Array.from(await b.data())).toEqual([1, 2, 3, 4]);
    const c = tf.clone(b);
    b.dispose();
    expect(Array.from(await c.data())).toEqual([1, 2, 3, 4]);
    c.dispose();
  });

  it('a variable assigned from a clone is not changed by later assignments to the source', async () => {
    await selectBackend('wasm');
    const v = tf.variable(tf.tensor([1, 2, 3]));
    const snapshot = tf.clone(v);
    v.assign(tf.tensor([7, 8, 9]));
    expect(Array.from(await snapshot.data())).toEqual([1, 2, 3]);
    v.assign(snapshot);
    expect(Array.from(await v.data())).toEqual([1, 2, 3]);
    snapshot.dispose();
    expect(Array.from(await v.data())).toEqual([1, 2, 3]);
    v.dispose();
  });

  it('frees the buffer once every sharer is gone', async () => {
    await expectNoWasmLeaks(() => {
      const a = tf.tensor([1, 2, 3]);
      return tf.add(tf.clone(tf.clone(a)), 1);
    });
  });
});
