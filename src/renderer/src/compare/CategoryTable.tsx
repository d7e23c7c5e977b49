/** Accuracy per value of a dataset column (answer type, source, …), each run's with its Wilson interval, as `cascade compare --by`. */
import type { CategoryBreakdown, ComparedRun } from "../../../shared/compare/types";
import { fmtPct } from "../run/format";

export function CategoryTable({ breakdown, runs }: { breakdown: CategoryBreakdown; runs: ComparedRun[] }) {
  return (
    <div className="cmp-table-wrap" tabIndex={0} role="region" aria-label="Accuracy by category">
      <table className="cmp-table" data-testid="category-table" data-column={breakdown.column}>
        <thead>
          <tr>
            <th>{breakdown.column}</th>
            {runs.map((r, i) => <th key={r.id} className={`cmp-run cmp-run--${i}`}>{r.key} accuracy [CI] (correct / n)</th>)}
          </tr>
        </thead>
        <tbody>
          {breakdown.rows.map((row) => (
            <tr key={row.value} data-testid="category-row" data-value={row.value}>
              <th>{row.value}</th>
              {row.accuracy.map((a, i) => (
                <td key={i} className="num" data-testid="category-cell">
                  {fmtPct(a.value)} <span className="muted small">[{fmtPct(a.low)}, {fmtPct(a.high)}] ({Number(a.sum.toFixed(3))} / {a.n}{a.unscored.total ? `, ${a.unscored.total} never scored` : ""})</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
