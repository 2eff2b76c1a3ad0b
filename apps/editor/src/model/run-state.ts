/**
 * The training panel's state, fed by events of the same shape whether they come from the
 * runner's WebSocket or from the trainer inside this tab — one reducer, one panel.
 */
export type RunStatus = 'starting' | 'running' | 'paused' | 'stopped' | 'finished' | 'failed';

export type RunEvent =
  | { type: 'status'; status: RunStatus; step: number; steps: number; backend?: string }
  | { type: 'step'; step: number; losses: Record<string, number>; ms?: number; stepsPerSecond?: number; etaSeconds?: number }
  | { type: 'phase'; step: number; phase: string; loss: number }
  | { type: 'sample'; step: number; url: string }
  | { type: 'error'; message: string }
  | { type: 'log'; level: 'info' | 'warn'; message: string }
  | { type: 'backend'; backend: string };

export interface LossPoint {
  step: number;
  loss: number;
}

export interface RunState {
  id: string;
  where: 'runner' | 'tab';
  status: RunStatus;
  step: number;
  steps: number;
  /** Per phase, one point per step (mean over the phase's updates). */
  losses: Record<string, LossPoint[]>;
  /** Single phase updates made in step-by-step mode, newest last. */
  updates: { step: number; phase: string; loss: number }[];
  sample?: { url: string; step: number };
  stepsPerSecond?: number;
  etaSeconds?: number;
  backend?: string;
  error?: string;
  /** Notes from the run (skipped images, a graph trained on one worker), newest last, at most 20. */
  notes?: { level: 'info' | 'warn'; message: string }[];
}

export function newRun(id: string, where: RunState['where'], steps: number, backend?: string): RunState {
  return { id, where, status: 'starting', step: 0, steps, losses: {}, updates: [], ...(backend ? { backend } : {}) };
}

const MAX_POINTS = 5000;

export function applyRunEvent(s: RunState, e: RunEvent): RunState {
  switch (e.type) {
    case 'status':
      return {
        ...s,
        status: e.status,
        step: e.step,
        steps: e.steps,
        ...(e.backend ? { backend: e.backend } : {}),
        ...(e.status === 'finished' || e.status === 'stopped' ? { etaSeconds: 0 } : {}),
      };
    case 'step': {
      const losses = { ...s.losses };
      for (const [phase, loss] of Object.entries(e.losses)) {
        const prev = losses[phase] ?? [];
        const next = prev.length && prev[prev.length - 1]!.step >= e.step ? prev.filter((p) => p.step < e.step) : prev.slice();
        next.push({ step: e.step, loss });
        losses[phase] = next.length > MAX_POINTS ? thin(next) : next;
      }
      return {
        ...s,
        step: Math.max(s.step, e.step),
        losses,
        status: s.status === 'starting' ? 'running' : s.status,
        ...(e.stepsPerSecond !== undefined ? { stepsPerSecond: e.stepsPerSecond } : {}),
        ...(e.etaSeconds !== undefined ? { etaSeconds: e.etaSeconds } : {}),
      };
    }
    case 'phase':
      return { ...s, updates: [...s.updates.slice(-49), { step: e.step, phase: e.phase, loss: e.loss }] };
    case 'sample':
      return { ...s, sample: { url: e.url, step: e.step } };
    case 'error':
      return { ...s, status: 'failed', error: e.message };
    case 'backend':
      return { ...s, backend: e.backend };
    case 'log':
      return { ...s, notes: [...(s.notes ?? []).slice(-19), { level: e.level, message: e.message }] };
  }
}

/** Halves a long series by keeping every other point (the chart cannot show more anyway). */
function thin(points: LossPoint[]): LossPoint[] {
  return points.filter((_, i) => i % 2 === 0 || i === points.length - 1);
}

/** Steps per second and remaining time from wall-clock step times (for the tab's trainer). */
export function rate(times: readonly number[], step: number, steps: number): { stepsPerSecond: number; etaSeconds: number } {
  const recent = times.slice(-20);
  if (recent.length < 2) return { stepsPerSecond: 0, etaSeconds: NaN };
  const sps = ((recent.length - 1) * 1000) / (recent[recent.length - 1]! - recent[0]!);
  return { stepsPerSecond: sps, etaSeconds: Math.max(0, steps - step) / sps };
}
