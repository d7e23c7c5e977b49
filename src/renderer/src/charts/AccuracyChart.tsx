/** Accuracy per run as a dot with its confidence interval (whisker), on a 0–100% axis. Plain SVG. */
import type { AccuracyEstimate } from "../../../shared/compare/types";
import { linear, niceTicks, seriesColor } from "./scale";
import "./charts.css";

export function AccuracyChart({ labels, accuracy, width = 460 }: { labels: string[]; accuracy: AccuracyEstimate[]; width?: number }) {
  const rowH = 30;
  const left = 130;
  const right = 60;
  const top = 8;
  const height = top + accuracy.length * rowH + 28;
  const values = accuracy.flatMap((a) => [a.low, a.high, a.value]).filter((v): v is number => v !== null);
  const lo = Math.max(0, Math.floor((Math.min(...values, 1) - 0.05) * 10) / 10);
  const hi = Math.min(1, Math.ceil((Math.max(...values, 0) + 0.05) * 10) / 10);
  const x = linear([lo, hi], [left, width - right]);
  const ticks = niceTicks(lo, hi, 5);
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} width="100%" style={{ maxWidth: width }} role="img" aria-label="Accuracy per run with its interval" data-testid="accuracy-chart">
      {ticks.map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={top} y2={height - 22} className="chart__grid" />
          <text x={x(t)} y={height - 8} className="chart__tick" textAnchor="middle">{Math.round(t * 100)}%</text>
        </g>
      ))}
      {accuracy.map((a, i) => {
        const y = top + i * rowH + rowH / 2;
        const color = seriesColor(i);
        return (
          <g key={a.runId} data-testid="accuracy-mark">
            <text x={left - 8} y={y + 4} textAnchor="end" className="chart__label">{labels[i].length > 18 ? `${labels[i].slice(0, 17)}…` : labels[i]}</text>
            {a.low !== null && a.high !== null && (
              <g stroke={color} strokeWidth={2}>
                <line x1={x(a.low)} x2={x(a.high)} y1={y} y2={y} />
                <line x1={x(a.low)} x2={x(a.low)} y1={y - 6} y2={y + 6} />
                <line x1={x(a.high)} x2={x(a.high)} y1={y - 6} y2={y + 6} />
              </g>
            )}
            {a.value !== null && <circle cx={x(a.value)} cy={y} r={5} fill={color} />}
            <text x={width - right + 6} y={y + 4} className="chart__value">{a.value === null ? "—" : `${(a.value * 100).toFixed(1)}%`}</text>
          </g>
        );
      })}
    </svg>
  );
}
