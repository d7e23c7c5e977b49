/**
 * Accuracy against cost, one dot per finished cell with its accuracy interval as a whisker, the Pareto front
 * (shared/experiment/pareto.ts: the cells no other is better than on accuracy without costing more) joined by
 * a line and its cells ringed. Plain SVG like the other charts. Cells whose cost is unknown are listed below.
 */
import { paretoFront } from "../../../shared/experiment/pareto";
import type { ExperimentMatrix } from "../../../shared/experiment/matrix";
import { linear, niceTicks, seriesColor } from "../charts/scale";
import "../charts/charts.css";

export function ParetoScatter({ matrix, width = 560, height = 320 }: { matrix: ExperimentMatrix; width?: number; height?: number }) {
  const rows = matrix.rows.filter((r) => r.accuracy.value !== null && r.costUsd !== null);
  const unknown = matrix.rows.filter((r) => r.costUsd === null).map((r) => r.name);
  const front = paretoFront(matrix.rows.map((r) => ({ cell: r.cell, accuracy: r.accuracy.value, costUsd: r.costUsd })));
  const pad = { left: 56, right: 20, top: 14, bottom: 42 };
  const costs = rows.map((r) => r.costUsd!);
  const maxCost = Math.max(...costs, 0);
  const x = linear([0, maxCost > 0 ? maxCost * 1.1 : 1], [pad.left, width - pad.right]);
  const accs = rows.flatMap((r) => [r.accuracy.low ?? r.accuracy.value!, r.accuracy.high ?? r.accuracy.value!]);
  const lo = Math.max(0, Math.floor((Math.min(...accs, 1) - 0.05) * 10) / 10);
  const hi = Math.min(1, Math.ceil((Math.max(...accs, 0) + 0.05) * 10) / 10);
  const y = linear([lo, hi], [height - pad.bottom, pad.top]);
  const byCell = new Map(rows.map((r) => [r.cell, r]));
  const line = front.map((c) => byCell.get(c)!).map((r) => `${x(r.costUsd!)},${y(r.accuracy.value!)}`).join(" ");
  const xTicks = niceTicks(0, maxCost > 0 ? maxCost * 1.1 : 1, 4);
  return (
    <figure className="exp-scatter">
      <svg className="chart" viewBox={`0 0 ${width} ${height}`} width="100%" style={{ maxWidth: width }} role="img" aria-label="Accuracy against cost per cell, with the Pareto front" data-testid="experiment-scatter">
        {niceTicks(lo, hi, 5).map((t) => (
          <g key={`y${t}`}>
            <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} className="chart__grid" />
            <text x={pad.left - 6} y={y(t) + 4} textAnchor="end" className="chart__tick">{Math.round(t * 100)}%</text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={`x${t}`} x={x(t)} y={height - pad.bottom + 16} textAnchor="middle" className="chart__tick">{`$${Number(t.toPrecision(3))}`}</text>
        ))}
        <text x={(pad.left + width - pad.right) / 2} y={height - 6} textAnchor="middle" className="chart__label">cost (USD)</text>
        <text x={14} y={(pad.top + height - pad.bottom) / 2} textAnchor="middle" className="chart__label" transform={`rotate(-90 14 ${(pad.top + height - pad.bottom) / 2})`}>accuracy</text>
        {front.length > 1 && <polyline points={line} className="exp-scatter__front" data-testid="pareto-line" />}
        {rows.map((r, i) => {
          const on = front.includes(r.cell);
          const cx = x(r.costUsd!);
          const cy = y(r.accuracy.value!);
          return (
            <g key={r.cell} data-testid="scatter-point" data-cell={r.name} data-front={on}>
              {r.accuracy.low !== null && r.accuracy.high !== null && <line x1={cx} x2={cx} y1={y(r.accuracy.low)} y2={y(r.accuracy.high)} stroke={seriesColor(i)} strokeWidth={1.5} opacity={0.6} />}
              <circle cx={cx} cy={cy} r={6} fill={seriesColor(i)} />
              {on && <circle cx={cx} cy={cy} r={10} className="exp-scatter__ring" />}
              <text x={cx + 12} y={cy - 8 - (i % 2) * 12} className="chart__value">{r.name}</text>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted small" data-testid="pareto-caption">
        Pareto front (ringed{front.length > 1 ? ", joined" : ""}): {front.map((c) => matrix.rows.find((r) => r.cell === c)!.name).join(", ") || "none"}. Whiskers: the {Math.round(matrix.level * 100)}% interval of accuracy.
        {unknown.length > 0 && ` Not shown, cost unknown (a model has no price): ${unknown.join(", ")}.`}
      </figcaption>
    </figure>
  );
}
