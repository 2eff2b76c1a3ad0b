import { describe, expect, it } from 'vitest';
import { Progress, formatDuration, formatLoss } from './progress.js';

describe('Progress', () => {
  it('prints a line about every 10% when not on a terminal', () => {
    let out = '';
    let t = 0;
    const p = new Progress({ write: (s: string) => (out += s) }, 100, 0, () => t);
    for (let step = 1; step <= 100; step++) {
      t += 50;
      p.update(step, { D: 0.5, G: 1.25 });
    }
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('step 10/100 [##------------------] 20.0 steps/s ETA 0:05  D 0.5000  G 1.2500');
    expect(lines[9]).toMatch(/^step 100\/100 \[#{20}\] 20\.0 steps\/s ETA 0:00/);
  });

  it('redraws in place on a terminal, throttled', () => {
    let out = '';
    let t = 0;
    const p = new Progress({ write: (s: string) => (out += s), isTTY: true }, 1000, 0, () => t);
    for (let step = 1; step <= 1000; step++) {
      t += 1;
      p.update(step, { loss: 0.1 });
    }
    p.finish();
    expect(out.split('\r').length - 1).toBeLessThanOrEqual(12);
    expect(out.endsWith('\n')).toBe(true);
  });

  it('formats losses and durations', () => {
    expect(formatLoss(0.00001234)).toBe('1.234e-5');
    expect(formatLoss(Number.NaN)).toBe('NaN');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('--:--');
  });
});
