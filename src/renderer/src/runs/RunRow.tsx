/**
 * One run in the history: compare checkbox, label (double-click to rename; "imported" when it came from a bundle), pipeline, status, items,
 * accuracy, time, size (its rows and the contents only it refers to: what deleting it frees; storage.summary), pin (gc keeps it), actions.
 */
import { useState } from "react";
import type { RunSummary } from "../../../shared/contract";
import { runOutcome } from "../../../shared/runOutcome";
import { fmtDuration, fmtPct, fmtTime } from "../run/format";
import { INTERRUPTED_HINT } from "../run/RunStatusBar";
import { runAccuracy } from "./runAccuracy";
import { deleteRun, inspectRun, openRunPipeline, renameRun } from "./runActions";
import { useView } from "./viewStore";
import { ImportedMark } from "./ImportedMark";
import { formatBytes } from "../../../shared/bytes";
import { setPinned, useStorage } from "./storageStore";


export function RunRow({ run, style }: { run: RunSummary; style: React.CSSProperties }) {
  const chosen = useView((s) => s.compareIds.includes(run.id));
  const [editing, setEditing] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const size = useStorage((s) => s.summary?.runSizes[run.id]);
  const pinned = useStorage((s) => s.summary?.pinned.includes(run.id) ?? false);
  const acc = runAccuracy(run);
  const t = run.totals;
  return (
    <div className={`runrow${chosen ? " runrow--chosen" : ""}`} style={style} data-testid="run-row" data-run-id={run.id}>
      <input type="checkbox" checked={chosen} onChange={() => useView.getState().toggleCompare(run.id)} aria-label="Compare this run" data-testid="run-compare-check" />
      {editing ? (
        <input
          className="input input--small runrow__edit"
          autoFocus
          defaultValue={run.label}
          onBlur={(e) => (setEditing(false), e.target.value.trim() && e.target.value.trim() !== run.label && void renameRun(run.id, e.target.value.trim()))}
          onKeyDown={(e) => (e.key === "Enter" ? e.currentTarget.blur() : e.key === "Escape" && setEditing(false))}
          data-testid="run-label-input"
        />
      ) : (
        <span className="runrow__labelcell">
          <span className="runrow__label" onDoubleClick={() => setEditing(true)} title="Double-click to rename" data-testid="run-label">
            {run.label || <span className="muted">{run.id}</span>}
          </span>
          {run.imported && <ImportedMark from={run.imported} />}
        </span>
      )}
      <span className="runrow__pipe" title={run.pipelineName}>{run.pipelineName}</span>
      {/* "done with errors" (most items failed) reads as a failure, like the run bar. */}
      <span className={`rstatus rstatus--${runOutcome(run.status, run.totals)}`} title={run.status === "interrupted" ? INTERRUPTED_HINT : undefined} data-testid="run-row-status">{runOutcome(run.status, run.totals) === "done-with-errors" ? "done with errors" : run.status}</span>
      <span className="num">{t.itemsDone.toLocaleString("en-US")}{t.items ? ` / ${t.items.toLocaleString("en-US")}` : ""}</span>
      <span className="num" data-testid="run-accuracy" title={acc ? `${acc.nodeId}: n = ${acc.n}${acc.low !== undefined ? `, 95% CI ${fmtPct(acc.low)} – ${fmtPct(acc.high)}` : ""}` : undefined}>
        {acc ? fmtPct(acc.value) : "—"}
      </span>
      <span className="small">{fmtTime(run.startedAt)}</span>
      <span className="num small">{run.finishedAt ? fmtDuration(run.finishedAt - run.startedAt) : run.status === "running" ? "…" : "—"}</span>
      <span className="num small">
        <span
          data-testid="run-size"
          title={size ? `its rows ${formatBytes(size.rows)} + contents only it refers to ${formatBytes(size.own)}; shares ${formatBytes(size.shared)} with other runs` : undefined}
        >
          {size ? formatBytes(size.rows + size.own) : "—"}
        </span>
        <button
          type="button"
          className={`runrow__pin${pinned ? " runrow__pin--on" : ""}`}
          aria-pressed={pinned}
          aria-label={pinned ? "Unpin this run" : "Pin this run"}
          onClick={() => void setPinned(run.id, !pinned)}
          title={pinned ? "Pinned: storage clean-up keeps this run. Click to unpin" : "Pin: storage clean-up will keep this run"}
          data-testid="run-pin"
        >
          {pinned ? "★" : "☆"}
        </button>
      </span>
      <span className="runrow__actions">
        <button type="button" className="btn btn--small" onClick={() => inspectRun(run.id)} data-testid="run-inspect">Outputs</button>
        <button type="button" className="btn btn--small" onClick={() => void openRunPipeline(run.id)} title="Open the pipeline as this run used it" data-testid="run-open">Open</button>
        <button type="button" className="btn btn--small" onClick={() => setEditing(true)} data-testid="run-rename">Rename</button>
        {confirm ? (
          <button type="button" className="btn btn--small btn--danger" onClick={() => void deleteRun(run.id)} onBlur={() => setConfirm(false)} autoFocus data-testid="run-delete-confirm">Delete?</button>
        ) : (
          <button type="button" className="btn btn--small btn--quiet" onClick={() => setConfirm(true)} disabled={run.status === "running"} data-testid="run-delete">Delete</button>
        )}
      </span>
    </div>
  );
}
