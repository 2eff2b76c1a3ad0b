import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from './checkpoint.js';

const ckpt: Checkpoint = {
  meta: { format: 'ganvas.checkpoint', version: 1, step: 3, rng: { words: [1, 2, 3, 4], spare: null }, nodeStates: { 'state/a': { cursor: 2 } } },
  tensors: {
    'weights/G/w': { shape: [2, 2], dtype: 'float32', values: new Float32Array([1, 2, 3, 4]) },
    'state/a/n': { shape: [1], dtype: 'int32', values: new Int32Array([7]) },
  },
};

describe('checkpoint encoding', () => {
  it('round-trips exactly', () => {
    const enc = encodeCheckpoint(ckpt);
    const dec = decodeCheckpoint(enc.json, enc.binary);
    expect(dec.meta).toEqual(ckpt.meta);
    expect(Array.from(dec.tensors['weights/G/w']!.values)).toEqual([1, 2, 3, 4]);
    expect(dec.tensors['state/a/n']!.values).toBeInstanceOf(Int32Array);
  });

  it('explains malformed, truncated and inconsistent files', () => {
    const enc = encodeCheckpoint(ckpt);
    expect(() => decodeCheckpoint('{', enc.binary)).toThrow('not JSON');
    expect(() => decodeCheckpoint('{"format":"ganvas.checkpoint","version":1}', enc.binary)).toThrow('not a valid ganvas checkpoint: step');
    expect(() => decodeCheckpoint(enc.json, enc.binary.slice(0, 8))).toThrow('truncated');
    const bad = JSON.parse(enc.json);
    bad.tensors[0].shape = [3];
    expect(() => decodeCheckpoint(JSON.stringify(bad), enc.binary)).toThrow('values but shape [3]');
  });
});
