/** What differs between the compared runs' configurations (models, params, prompts, wiring): one row per setting, long texts as word diffs against the baseline. */
import type { ConfigDifference } from "../../../shared/compare/configDiff";
import type { ComparedRun } from "../../../shared/compare/types";
import { DiffText } from "./DiffText";

export function ConfigDiffTable({ diff, runs }: { diff: ConfigDifference[]; runs: ComparedRun[] }) {
  if (diff.length === 0) return <p className="muted small" data-testid="config-diff-none">The runs' configurations are the same (models, params, prompts, wiring, settings).</p>;
  return (
    <div className="cmp-table-wrap" tabIndex={0} role="region" aria-label="Configuration differences">
      <table className="cmp-table cmp-config" data-testid="config-diff">
        <thead>
          <tr>
            <th>setting</th>
            {runs.map((r, i) => <th key={r.id} className={`cmp-run cmp-run--${i}`}>{r.key} · {r.label}</th>)}
          </tr>
        </thead>
        <tbody>
          {diff.map((d) => (
            <tr key={d.path} data-testid="config-diff-row" data-path={d.path}>
              <th>{d.label}</th>
              {d.values.map((v, i) => (
                <td key={i} className="cmp-config__value">
                  {v === null ? <span className="muted">(none)</span> : i > 0 && d.values[0] !== null && v.length > 40 ? <DiffText base={d.values[0]} text={v} /> : <span className="mono">{v}</span>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
