import { buildTestNode } from '@ganvas/core';
import { describe, expect, it } from 'vitest';
import { schedule } from './schedule.js';

const phase = { role: 'phase' as const };
const inferWith = (repeat: number[], phases: (typeof phase)[] | undefined) =>
  schedule.infer!({
    nodeId: 'S',
    params: schedule.params.parse({ repeat }),
    inputs: { phases },
    bindings: new Map(),
    declaredOutputs: {},
  });

describe('optim.schedule', () => {
  it('returns the WGAN repeats [5, 1]', async () => {
    const node = await buildTestNode(schedule, { params: { repeat: [5, 1] } });
    expect(node.instance.schedule!(2)).toEqual([5, 1]);
  });

  it('defaults to one update per phase', async () => {
    const node = await buildTestNode(schedule);
    expect(node.instance.schedule!(3)).toEqual([1, 1, 1]);
  });

  it('infer: a repeat/phase count mismatch names both counts', () => {
    const result = inferWith([5, 1, 1], [phase, phase]);
    expect('errors' in result && result.errors[0]?.port).toBe('phases');
    const msg = JSON.stringify(result);
    expect(msg).toContain('3 entries');
    expect(msg).toContain('2 phases');
    expect(inferWith([5, 1], [phase, phase])).toEqual({ outputs: {} });
    expect(inferWith([], [phase, phase, phase])).toEqual({ outputs: {} });
  });

  it('infer: needs at least one phase', () => {
    expect(JSON.stringify(inferWith([], undefined))).toContain('connect at least one phase');
  });

  it('refuses repeats that are not positive integers', () => {
    expect(schedule.params.safeParse({ repeat: [0, 1] }).success).toBe(false);
    expect(schedule.params.safeParse({ repeat: [1.5] }).success).toBe(false);
  });

  it('schedule() throws on a count the params do not fit', async () => {
    const node = await buildTestNode(schedule, { params: { repeat: [5, 1] } });
    expect(() => node.instance.schedule!(3)).toThrow(/2 entries but 3 phases/);
  });
});
