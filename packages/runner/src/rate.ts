/** Steps per second, smoothed over the recent steps (the first steps compile and are slower). */
export class ProgressRate {
  private samples: { step: number; t: number }[] = [];

  constructor(private readonly window = 20) {}

  reset(step: number, now = Date.now()): void {
    this.samples = [{ step, t: now }];
  }

  /** Records `step` reached now; returns steps/second over the window (0 until known). */
  update(step: number, now = Date.now()): number {
    this.samples.push({ step, t: now });
    if (this.samples.length > this.window + 1) this.samples.shift();
    const first = this.samples[0]!;
    const dt = (now - first.t) / 1000;
    return dt > 0 ? (step - first.step) / dt : 0;
  }
}
