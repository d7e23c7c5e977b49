/** Each run's accuracy with its interval (chart and table, in compare order), never-scored items counted apart. */
import type { CompareResult } from "../../../shared/compare/types";
import { AccuracyChart } from "../charts/AccuracyChart";
import { fmtPct } from "../run/format";
import { longName, shortName } from "./runName";

export function AccuracyCard({ result }: { result: CompareResult }) {
  const level = Math.round(result.settings.level * 100);
  return (
    <section className="compare__card">
      <h3>Accuracy{result.runs[0].scoreNodeId ? <span className="muted small"> at {result.runs[0].scoreNodeId}, {level}% Wilson interval</span> : null}</h3>
      <AccuracyChart labels={result.runs.map(shortName)} accuracy={result.accuracy} />
      <table className="cmp-acc" data-testid="accuracy-table">
        <tbody>
          {result.accuracy.map((a, i) => {
            const r = result.runs[i];
            return (
              <tr key={a.runId} data-testid="accuracy-row" data-run-id={a.runId} data-value={a.value ?? ""}>
                <th title={longName(r)}>{shortName(r)}</th>
                <td className="num" data-testid="accuracy-value">{fmtPct(a.value)}</td>
                <td className="num muted">[{fmtPct(a.low)}, {fmtPct(a.high)}]</td>
                <td className="num muted">{Number(a.sum.toFixed(3))} / {a.n}</td>
                <td className={`num${a.unscored.total ? " error" : " muted"}`} data-testid="accuracy-unscored">
                  {a.unscored.total ? `${a.unscored.total} never scored` : ""}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
