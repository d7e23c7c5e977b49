/**
 * The compared runs as chips in compare order — the baseline (A) first, then the others by start time — each
 * with its letter, label and start time; ★ marks a run as the baseline (else the run that started first is),
 * ✕ removes it; a menu adds one. Click order never decides the direction of a comparison.
 */
import type { ComparedRun } from "../../../shared/compare/types";
import type { RunSummary } from "../../../shared/contract";
import { fmtTime } from "../run/format";
import { useView } from "../runs/viewStore";
import { baselineWhy } from "./runName";

export function CompareRunPicker({ runIds, runs, compared }: { runIds: string[]; runs: RunSummary[]; compared: ComparedRun[] | null }) {
  const { setCompareIds, setCompareBaseline } = useView.getState();
  const marked = useView((s) => s.compareBaseline);
  const summary = (id: string) => runs.find((x) => x.id === id);
  // Compare order when the result is in; before that, by start time (as the comparison will order them).
  const order = compared?.map((r) => r.id) ?? [...runIds].sort((a, b) => (summary(a)?.startedAt ?? 0) - (summary(b)?.startedAt ?? 0));
  return (
    <div className="cmp-picker" data-testid="compare-picker">
      {order.map((id, i) => {
        const r = summary(id);
        const c = compared?.find((x) => x.id === id);
        const base = i === 0;
        return (
          <span key={id} className={`cmp-chip cmp-run--${i}`} data-testid="compare-chip" data-run-id={id} data-key={c?.key ?? ""}>
            {base ? (
              <span title={c ? baselineWhy(c) : "baseline"} data-testid="compare-baseline-mark">◆</span>
            ) : (
              <button type="button" className="icon-btn" title="Make this the baseline" aria-label={`Make ${r?.label || id} the baseline`} onClick={() => setCompareBaseline(id)} data-testid="compare-make-baseline">☆</button>
            )}
            <b>{c?.key ?? ""}</b> {r ? r.label || r.pipelineName : id} <span className="muted small">{fmtTime(r?.startedAt)}</span>
            <button type="button" className="icon-btn" title="Remove" aria-label={`Remove ${r?.label || id}`} onClick={() => setCompareIds(runIds.filter((x) => x !== id))}>✕</button>
          </span>
        );
      })}
      {marked && (
        <button type="button" className="btn btn--small btn--quiet" onClick={() => setCompareBaseline(null)} title="Use the run that started first as the baseline" data-testid="compare-baseline-reset">
          oldest as baseline
        </button>
      )}
      <select className="input input--inline" value="" aria-label="Add a run to compare" onChange={(e) => e.target.value && setCompareIds([...runIds, e.target.value])} data-testid="compare-add">
        <option value="">+ add a run</option>
        {runs.filter((r) => !runIds.includes(r.id)).map((r) => (
          <option key={r.id} value={r.id}>{r.label || r.pipelineName} · {fmtTime(r.startedAt)}</option>
        ))}
      </select>
    </div>
  );
}
