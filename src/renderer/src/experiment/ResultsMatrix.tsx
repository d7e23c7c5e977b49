/**
 * The results matrix: one row per finished cell with its values, accuracy and interval, accuracy per category
 * of the chosen dataset column, calls made and cache hits, tokens, cost, latency (median per model node,
 * summed) and errors; a tick box per row picks the cells to open in the compare view.
 */
import type { ExperimentCellState } from "../../../shared/contract";
import type { ExperimentMatrix } from "../../../shared/experiment/matrix";
import { fmtCount, fmtDuration, fmtPct } from "../run/format";
import { usd } from "./money";
import { toggleCell, useExperiment } from "./experimentStore";

export function ResultsMatrix({ matrix, cells }: { matrix: ExperimentMatrix; cells: ExperimentCellState[] }) {
  const selected = useExperiment((s) => s.selected);
  const category = matrix.categories[0];
  const pct = Math.round(matrix.level * 100);
  return (
    <div className="cmp-table-wrap">
      <table className="cmp-table exp-matrix" data-testid="experiment-matrix">
        <thead>
          <tr>
            <th aria-label="compare" />
            <th className="exp-matrix__left">cell</th>
            <th className="exp-matrix__left">values</th>
            <th>accuracy [{pct}% interval]</th>
            {category?.rows.map((r) => (
              <th key={r.value} title={`accuracy where ${category.column} = ${r.value}`}>
                {category.column}={r.value}
              </th>
            ))}
            <th>calls</th>
            <th>cache hits</th>
            <th>tokens</th>
            <th>cost</th>
            <th>latency</th>
            <th>errors</th>
          </tr>
        </thead>
        <tbody>
          {matrix.rows.map((r, i) => {
            const a = r.accuracy;
            const cell = cells.find((c) => c.cell === r.cell);
            const best = matrix.best.cell === r.cell;
            return (
              <tr key={r.cell} data-testid="matrix-row" data-cell={r.name} data-run-id={r.runId} data-accuracy={a.value ?? ""} className={best ? "exp-matrix__best" : undefined}>
                <td>
                  <input type="checkbox" checked={selected.includes(r.cell)} onChange={() => toggleCell(r.cell)} aria-label={`Compare ${r.name}`} data-testid="matrix-select" />
                </td>
                <th className="exp-matrix__left">
                  {r.name}
                  {best ? " ★" : ""}
                </th>
                <td className="exp-matrix__left exp-matrix__values">{cell?.values.map((v) => v.label).join(" · ")}</td>
                <td data-testid="matrix-accuracy">
                  <b>{fmtPct(a.value)}</b> [{fmtPct(a.low, 0)}–{fmtPct(a.high, 0)}] n={a.n}
                </td>
                {category?.rows.map((row) => (
                  <td key={row.value} data-testid="matrix-category">
                    {fmtPct(row.accuracy[i]?.value ?? null)} <span className="muted">({row.accuracy[i]?.n ?? 0})</span>
                  </td>
                ))}
                <td>{fmtCount(r.calls)}</td>
                <td>{fmtCount(r.cacheHits)}</td>
                <td title={`${r.inputTokens} input + ${r.outputTokens} output`}>{fmtCount(r.inputTokens + r.outputTokens)}</td>
                <td>{usd(r.costUsd)}</td>
                <td>{fmtDuration(r.latencyMs)}</td>
                <td>{r.errors}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
