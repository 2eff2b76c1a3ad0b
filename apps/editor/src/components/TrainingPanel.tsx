import { useState } from 'react';
import type { RunState } from '../model/run-state.js';
import type { BrowserBackendChoice } from '../training/browser-backend.js';
import type { StartOptions } from '../hooks/useRun.js';
import { LossChart } from './LossChart.js';

/**
 * Start, pause, stop and step a run on the runner or in this tab; live losses per phase,
 * the latest sample grid, steps/s and ETA. Step-by-step mode starts paused and offers one
 * update of each phase (e.g. one discriminator update, then one generator update).
 */
export function TrainingPanel({
  run,
  phases,
  runnerOnline,
  canRun,
  defaultSteps,
  onStart,
  onControl,
  onStep,
}: {
  run: RunState | undefined;
  phases: string[];
  runnerOnline: boolean | undefined;
  canRun: boolean;
  defaultSteps: number;
  onStart: (where: 'runner' | 'tab', o: StartOptions) => void;
  onControl: (a: 'pause' | 'resume' | 'stop') => void;
  onStep: (phase?: string) => void;
}) {
  const [steps, setSteps] = useState(String(defaultSteps));
  const [sampleEvery, setSampleEvery] = useState('10');
  const [backend, setBackend] = useState<BrowserBackendChoice>('auto');
  const [stepMode, setStepMode] = useState(false);
  const active = run && (run.status === 'running' || run.status === 'paused' || run.status === 'starting');
  const opts = (): StartOptions => ({
    steps: Math.max(1, parseInt(steps, 10) || 1),
    sampleEvery: Math.max(1, parseInt(sampleEvery, 10) || 10),
    backend,
    ...(stepMode ? { paused: true } : {}),
  });
  return (
    <section className="training" aria-label="Training" data-testid="training-panel">
      <div className="training-controls">
        <label>
          steps <input type="number" min={1} value={steps} onChange={(e) => setSteps(e.target.value)} data-testid="steps" />
        </label>
        <label>
          sample every <input type="number" min={1} value={sampleEvery} onChange={(e) => setSampleEvery(e.target.value)} />
        </label>
        <label title="Start paused and advance one phase update at a time">
          <input type="checkbox" checked={stepMode} onChange={(e) => setStepMode(e.target.checked)} /> step-by-step
        </label>
        <button disabled={!canRun || !!active || !runnerOnline} onClick={() => onStart('runner', opts())} data-testid="run-runner" title={runnerOnline ? 'Train on the runner (Node)' : 'The runner is not reachable'}>
          ▶ Run on runner
        </button>
        <label>
          tab backend{' '}
          <select value={backend} onChange={(e) => setBackend(e.target.value as BrowserBackendChoice)} data-testid="tab-backend">
            <option value="auto">auto</option>
            <option value="webgpu">webgpu</option>
            <option value="webgl">webgl</option>
            <option value="wasm">wasm</option>
            <option value="cpu">cpu</option>
          </select>
        </label>
        <button disabled={!canRun || !!active} onClick={() => onStart('tab', opts())} data-testid="run-tab">
          ▶ Run in this tab
        </button>
        {run?.status === 'running' ? <button onClick={() => onControl('pause')}>❚❚ Pause</button> : null}
        {run?.status === 'paused' ? <button onClick={() => onControl('resume')}>▶ Resume</button> : null}
        {active ? (
          <button onClick={() => onControl('stop')} data-testid="stop">
            ■ Stop
          </button>
        ) : null}
      </div>
      {run?.status === 'paused' ? (
        <div className="step-mode">
          Step by step:
          {phases.map((p) => (
            <button key={p} onClick={() => onStep(p)} data-testid={`step-phase-${p}`}>
              one {p} update
            </button>
          ))}
          <button onClick={() => onStep()}>one whole step</button>
          {run.updates.length ? (
            <span className="muted small">
              last: {run.updates[run.updates.length - 1]!.phase} loss {run.updates[run.updates.length - 1]!.loss.toFixed(4)}
            </span>
          ) : null}
        </div>
      ) : null}
      {run ? (
        <div className="training-body">
          <div>
            <div className="run-stats" data-testid="run-stats">
              <span className={`status status-${run.status}`} data-testid="run-status">
                {run.status}
              </span>
              <span>{run.where === 'tab' ? 'in this tab' : 'on the runner'}</span>
              <span data-testid="run-step">
                step {run.step} / {run.steps}
              </span>
              {run.stepsPerSecond ? <span>{run.stepsPerSecond.toFixed(2)} steps/s</span> : null}
              {run.etaSeconds !== undefined && Number.isFinite(run.etaSeconds) && run.status === 'running' ? <span>ETA {formatEta(run.etaSeconds)}</span> : null}
              {run.backend ? (
                <span className="backend" data-testid="run-backend">
                  backend: {run.backend}
                </span>
              ) : null}
            </div>
            {run.error ? <div className="param-error" data-testid="run-error">{run.error}</div> : null}
            {run.notes?.length ? (
              <ul className="run-notes small" data-testid="run-notes">
                {run.notes.map((n, i) => (
                  <li key={i} className={n.level === 'warn' ? 'warn' : 'muted'}>
                    {n.level === 'warn' ? 'warning: ' : ''}
                    {n.message}
                  </li>
                ))}
              </ul>
            ) : null}
            <LossChart losses={run.losses} />
          </div>
          <div className="sample-view">
            {run.sample ? (
              <>
                <img src={run.sample.url} alt={`Samples at step ${run.sample.step}`} data-testid="sample-image" />
                <div className="muted small">samples at step {run.sample.step}</div>
              </>
            ) : (
              <div className="muted small">Sample grids appear here.</div>
            )}
          </div>
        </div>
      ) : null}
    </section>
  );
}

function formatEta(s: number): string {
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}
