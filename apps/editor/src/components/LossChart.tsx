import type { LossPoint } from '../model/run-state.js';

const PHASE_COLOURS = ['#1c7ed6', '#e03131', '#2f9e44', '#f08c00', '#7048e8', '#0ca678'];

/** Loss per phase against step, drawn as SVG polylines (no chart library). */
export function LossChart({ losses, width = 420, height = 180 }: { losses: Record<string, LossPoint[]>; width?: number; height?: number }) {
  const series = Object.entries(losses).filter(([, pts]) => pts.length > 0);
  if (series.length === 0) return <div className="chart-empty muted">Losses appear here as training runs.</div>;
  const pad = { l: 44, r: 8, t: 8, b: 22 };
  const all = series.flatMap(([, pts]) => pts);
  const x0 = Math.min(...all.map((p) => p.step));
  const x1 = Math.max(...all.map((p) => p.step), x0 + 1);
  let y0 = Math.min(...all.map((p) => p.loss));
  let y1 = Math.max(...all.map((p) => p.loss));
  if (y1 - y0 < 1e-9) {
    y0 -= 0.5;
    y1 += 0.5;
  }
  const sx = (s: number) => pad.l + ((s - x0) / (x1 - x0)) * (width - pad.l - pad.r);
  const sy = (v: number) => pad.t + (1 - (v - y0) / (y1 - y0)) * (height - pad.t - pad.b);
  const ticks = [y0, (y0 + y1) / 2, y1];
  return (
    <svg className="loss-chart" width={width} height={height} data-testid="loss-chart" role="img" aria-label="Loss curves">
      <rect x={pad.l} y={pad.t} width={width - pad.l - pad.r} height={height - pad.t - pad.b} fill="#fafbfc" stroke="#dee2e6" />
      {ticks.map((t, i) => (
        <g key={i}>
          <line x1={pad.l} x2={width - pad.r} y1={sy(t)} y2={sy(t)} stroke="#eceff3" />
          <text x={pad.l - 4} y={sy(t) + 4} textAnchor="end" fontSize={10} fill="#666">
            {formatTick(t)}
          </text>
        </g>
      ))}
      <text x={pad.l} y={height - 6} fontSize={10} fill="#666">
        step {x0}
      </text>
      <text x={width - pad.r} y={height - 6} fontSize={10} fill="#666" textAnchor="end">
        {x1}
      </text>
      {series.map(([phase, pts], i) => (
        <g key={phase}>
          <polyline
            data-phase={phase}
            fill="none"
            stroke={PHASE_COLOURS[i % PHASE_COLOURS.length]}
            strokeWidth={1.5}
            points={pts.map((p) => `${sx(p.step).toFixed(1)},${sy(p.loss).toFixed(1)}`).join(' ')}
          />
          {pts.length === 1 ? <circle cx={sx(pts[0]!.step)} cy={sy(pts[0]!.loss)} r={2.5} fill={PHASE_COLOURS[i % PHASE_COLOURS.length]} /> : null}
          <text x={pad.l + 6 + i * 110} y={pad.t + 12} fontSize={11} fill={PHASE_COLOURS[i % PHASE_COLOURS.length]}>
            ■ {phase} {pts[pts.length - 1]!.loss.toFixed(4)}
          </text>
        </g>
      ))}
    </svg>
  );
}

function formatTick(v: number): string {
  const a = Math.abs(v);
  return a >= 1000 || (a > 0 && a < 0.01) ? v.toExponential(1) : v.toFixed(a < 1 ? 3 : 2);
}
