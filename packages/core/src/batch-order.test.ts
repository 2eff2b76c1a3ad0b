import { describe, expect, it } from 'vitest';
import { BatchOrder, orderStateHandlers } from './batch-order.js';
import { Rng } from './rng.js';

const train = (rng: Rng) => ({ rng, purpose: 'train' as const });

describe('BatchOrder', () => {
  it('shuffle: every example once per epoch, a batch may run into the next epoch', () => {
    const order = new BatchOrder('shuffle', 10, 'test');
    const rng = new Rng(1);
    const seen = [...order.next(7, train(rng)), ...order.next(3, train(rng))];
    expect([...seen].sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    const next = order.next(4, train(rng));
    expect(order.getState()).toMatchObject({ order: 'shuffle', epoch: 2, cursor: 4 });
    expect(next).toHaveLength(4);
  });

  it('shuffle: restoring the state and the random stream gives the same next batches', () => {
    const a = new BatchOrder('shuffle', 9, 'test');
    const rng = new Rng(5);
    a.next(6, train(rng));
    const state = a.getState();
    const rngState = rng.getState();
    const expected = [...a.next(6, train(rng)), ...a.next(6, train(rng))];
    const b = new BatchOrder('shuffle', 9, 'test');
    b.setState(structuredClone(state));
    const rng2 = new Rng(0);
    rng2.setState(rngState);
    expect([...b.next(6, train(rng2)), ...b.next(6, train(rng2))]).toEqual(expected);
  });

  it('previews and evaluations never move a shuffle', () => {
    const order = new BatchOrder('shuffle', 10, 'test');
    order.next(3, train(new Rng(1)));
    const before = JSON.stringify(order.getState());
    order.next(5, { rng: new Rng(2), purpose: 'sample' });
    order.next(5, { rng: new Rng(3), purpose: 'eval' });
    expect(JSON.stringify(order.getState())).toBe(before);
  });

  it('sequential: index order for every purpose, wrapping at the end', () => {
    const order = new BatchOrder('sequential', 5, 'test');
    expect([...order.next(3, { rng: new Rng(1), purpose: 'eval' }), ...order.next(3, { rng: new Rng(1), purpose: 'eval' })]).toEqual([0, 1, 2, 3, 4, 0]);
    expect(order.getState()).toEqual({ order: 'sequential', count: 5, cursor: 1 });
  });

  it('reads shuffle states saved before the order tag existed', () => {
    const a = new BatchOrder('shuffle', 9, 'test');
    const rng = new Rng(3);
    a.next(4, train(rng));
    const { order: _tag, ...legacy } = a.getState() as Record<string, unknown>;
    const b = new BatchOrder('shuffle', 9, 'test');
    b.setState(legacy);
    const rng2 = new Rng(0);
    rng2.setState(rng.getState());
    expect([...b.next(4, train(rng2))]).toEqual([...a.next(4, train(rng))]);
  });

  it('random has no state; bad states are refused with the source named', () => {
    expect(new BatchOrder('random', 4, 'x').stateful).toBe(false);
    const order = new BatchOrder('shuffle', 4, 'data.mnist (train split)');
    expect(() => order.setState({ order: 'shuffle', count: 5, seed: 1, epoch: 1, cursor: 0 })).toThrow(
      'data.mnist (train split): batch-order state is for a split of 5 examples, this one has 4',
    );
    expect(() => order.setState({ order: 'sequential', count: 4, cursor: 0 })).toThrow('is for order "sequential"');
    expect(() => order.setState('nonsense')).toThrow('bad batch-order state');
    expect(() => new BatchOrder('shuffle', 0, 'empty')).toThrow('empty: cannot draw batches from an empty split');
  });

  it('orderStateHandlers keeps several named streams in one node state', () => {
    const a = new BatchOrder('shuffle', 6, 'a');
    const b = new BatchOrder('sequential', 6, 'b');
    const handlers = orderStateHandlers({ a, b, r: new BatchOrder('random', 6, 'r') });
    a.next(2, train(new Rng(1)));
    b.next(4, train(new Rng(1)));
    const saved = handlers.getState!();
    expect(Object.keys(saved.json as object)).toEqual(['a', 'b']);
    const a2 = new BatchOrder('shuffle', 6, 'a');
    const b2 = new BatchOrder('sequential', 6, 'b');
    orderStateHandlers({ a: a2, b: b2 }).setState!(structuredClone(saved));
    expect(a2.getState()).toEqual(a.getState());
    expect(b2.getState()).toEqual(b.getState());
  });
});
