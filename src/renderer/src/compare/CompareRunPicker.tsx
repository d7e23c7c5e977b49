/** The compared runs as chips (first = baseline; ★ makes a run the baseline, ✕ removes it) and a menu to add one. */
import type { RunSummary } from "../../../shared/contract";
import { fmtTime } from "../run/format";
import { useView } from "../runs/viewStore";

export function CompareRunPicker({ runIds, runs }: { runIds: string[]; runs: RunSummary[] }) {
  const set = useView.getState().setCompareIds;
  const label = (id: string) => {
    const r = runs.find((x) => x.id === id);
    return r ? r.label || r.pipelineName : id;
  };
  return (
    <div className="cmp-picker" data-testid="compare-picker">
      {runIds.map((id, i) => (
        <span key={id} className={`cmp-chip cmp-run--${i}`} data-testid="compare-chip">
          {i === 0 ? <span title="baseline">◆</span> : <button type="button" className="icon-btn" title="Make this the baseline" onClick={() => set([id, ...runIds.filter((x) => x !== id)])}>☆</button>}
          {label(id)}
          <button type="button" className="icon-btn" title="Remove" onClick={() => set(runIds.filter((x) => x !== id))}>✕</button>
        </span>
      ))}
      <select className="input input--inline" value="" onChange={(e) => e.target.value && set([...runIds, e.target.value])} data-testid="compare-add">
        <option value="">+ add a run</option>
        {runs.filter((r) => !runIds.includes(r.id)).map((r) => (
          <option key={r.id} value={r.id}>{r.label || r.pipelineName} · {fmtTime(r.startedAt)}</option>
        ))}
      </select>
    </div>
  );
}
