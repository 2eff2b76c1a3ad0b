import { describe, expect, it } from 'vitest';
import { applyRunEvent, newRun, rate } from './run-state.js';

describe('training panel state', () => {
  it('collects one loss point per phase and step, replacing a re-sent step', () => {
    let s = newRun('r', 'runner', 3);
    s = applyRunEvent(s, { type: 'step', step: 1, losses: { D: 1.5, G: 0.7 }, stepsPerSecond: 2, etaSeconds: 1 });
    s = applyRunEvent(s, { type: 'step', step: 2, losses: { D: 1.2, G: 0.9 } });
    s = applyRunEvent(s, { type: 'step', step: 2, losses: { D: 1.1, G: 0.8 } });
    expect(s.losses.D).toEqual([{ step: 1, loss: 1.5 }, { step: 2, loss: 1.1 }]);
    expect(s.status).toBe('running');
    expect(s.stepsPerSecond).toBe(2);
    s = applyRunEvent(s, { type: 'status', status: 'finished', step: 3, steps: 3 });
    expect(s).toMatchObject({ status: 'finished', etaSeconds: 0 });
    // A runner's status names the backend its thread chose, replacing the placeholder.
    expect(applyRunEvent(newRun('r', 'runner', 3, 'runner'), { type: 'status', status: 'running', step: 0, steps: 3, backend: 'wasm' }).backend).toBe('wasm');
    expect(applyRunEvent(s, { type: 'error', message: 'boom' })).toMatchObject({ status: 'failed', error: 'boom' });
  });

  it('keeps the last 20 notes of the run, warnings marked, without changing its status', () => {
    let s = newRun('r', 'runner', 3);
    s = applyRunEvent(s, { type: 'status', status: 'running', step: 0, steps: 3 });
    for (let i = 0; i < 25; i++) s = applyRunEvent(s, { type: 'log', level: i % 2 ? 'warn' : 'info', message: `note ${i}` });
    expect(s.status).toBe('running');
    expect(s.notes).toHaveLength(20);
    expect(s.notes![0]).toEqual({ level: 'warn', message: 'note 5' });
    expect(s.notes!.at(-1)).toEqual({ level: 'info', message: 'note 24' });
  });

  it('computes steps per second and ETA from step times', () => {
    expect(rate([0, 500, 1000], 3, 13)).toEqual({ stepsPerSecond: 2, etaSeconds: 5 });
    expect(rate([0], 1, 10).stepsPerSecond).toBe(0);
  });
});
