import type { OutStream } from './io.js';

/**
 * Training progress on stderr: step/total, steps/s, ETA and the latest loss of each phase.
 * On a terminal one line is redrawn in place; otherwise (logs, CI) a line is printed about
 * every 10% of the run so the output stays short.
 */
export class Progress {
  private readonly t0: number;
  private nextPrint: number;
  private drawn = false;
  private lastDraw = -Infinity;

  constructor(
    private readonly out: OutStream,
    private readonly total: number,
    private readonly start: number,
    private readonly now: () => number = Date.now,
  ) {
    this.t0 = now();
    this.nextPrint = this.threshold(start);
  }

  private threshold(step: number): number {
    const every = Math.max(1, Math.ceil(this.total / 10));
    return (Math.floor(step / every) + 1) * every;
  }

  update(step: number, losses: Record<string, number>): void {
    if (this.out.isTTY) {
      // Redraw at most ~10 times a second: tiny models run hundreds of steps per second.
      const t = this.now();
      if (t - this.lastDraw < 100 && step !== this.total) return;
      this.lastDraw = t;
      this.out.write(`\r\x1b[2K${this.line(step, losses)}`);
      this.drawn = true;
    } else if (step >= this.nextPrint || step === this.total) {
      this.out.write(`${this.line(step, losses)}\n`);
      this.nextPrint = this.threshold(step);
    }
  }

  /** Ends the in-place line so later messages start on a fresh one. */
  finish(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }

  line(step: number, losses: Record<string, number>): string {
    const done = step - this.start;
    const seconds = Math.max(1e-3, (this.now() - this.t0) / 1000);
    const rate = done / seconds;
    const eta = rate > 0 ? (this.total - step) / rate : NaN;
    const width = 20;
    const filled = Math.round((step / Math.max(1, this.total)) * width);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
    const lossText = Object.entries(losses)
      .map(([k, v]) => `${k} ${formatLoss(v)}`)
      .join('  ');
    return `step ${step}/${this.total} [${bar}] ${rate.toFixed(rate < 10 ? 2 : 1)} steps/s ETA ${formatDuration(eta)}  ${lossText}`.trimEnd();
  }
}

export function formatLoss(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toFixed(4);
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
