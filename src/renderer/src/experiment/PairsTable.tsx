/**
 * Every pair of finished cells: the exact paired test of `cascade compare`, p and p Holm-adjusted over all
 * pairs (shared/experiment/matrix.ts), the difference with its bootstrap interval, and the verdict in the cells' names.
 */
import { formatP } from "../../../shared/compare/verdict";
import type { ExperimentMatrix, MatrixPair } from "../../../shared/experiment/matrix";

const pts = (v: number | null) => (v === null ? "—" : `${v > 0 ? "+" : ""}${(v * 100).toFixed(1)} pts`);

/** As `cascade sweep` says it (cli/commands/sweepReport.ts). */
export function pairVerdict(p: MatrixPair): string {
  const v = p.comparison.verdict;
  if (v.refused) return v.text;
  if (!v.significant || !v.better) return "no significant difference";
  return v.better === "b" ? `${p.names[1]} is better than ${p.names[0]}` : `${p.names[0]} is better than ${p.names[1]}`;
}

export function PairsTable({ matrix }: { matrix: ExperimentMatrix }) {
  if (!matrix.pairs.length) return null;
  return (
    <div className="cmp-table-wrap">
      <table className="cmp-table exp-pairs" data-testid="experiment-pairs">
        <thead>
          <tr>
            <th className="exp-matrix__left">pair</th>
            <th>paired items</th>
            <th>difference [interval]</th>
            <th>only the first right</th>
            <th>only the second right</th>
            <th>p</th>
            <th>p Holm-adjusted</th>
            <th className="exp-matrix__left">verdict (α = {matrix.alpha})</th>
          </tr>
        </thead>
        <tbody>
          {matrix.pairs.map((p) => {
            const c = p.comparison;
            const sig = c.verdict.significant;
            return (
              <tr key={p.names.join("-")} data-testid="pair-row" data-pair={`${p.names[1]}-${p.names[0]}`} data-p-adjusted={c.pAdjusted}>
                <th className="exp-matrix__left">
                  {p.names[1]} vs {p.names[0]}
                </th>
                <td>{c.n}</td>
                <td>
                  {pts(c.difference)}
                  {c.bootstrap && (
                    <span className="muted">
                      {" "}
                      [{pts(c.bootstrap.low)}, {pts(c.bootstrap.high)}]
                    </span>
                  )}
                </td>
                <td>{c.counts.aBetter}</td>
                <td>{c.counts.bBetter}</td>
                <td>{formatP(c.mcnemar.p, matrix.alpha)}</td>
                <td>{formatP(c.pAdjusted, matrix.alpha)}</td>
                <td className={`exp-matrix__left${sig ? " exp-pairs__sig" : ""}`}>{pairVerdict(p)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
