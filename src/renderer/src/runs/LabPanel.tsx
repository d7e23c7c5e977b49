/**
 * Lab (the Runs tab's "Lab" button): the runs of the lab's PostgreSQL store — `cascade push` puts them there,
 * from any machine — with Pull, which copies one into this database; it then shows in the history below, to be
 * inspected and compared like a run made here.
 */
import { useEffect } from "react";
import type { LabRun } from "../../../shared/contract";
import { fmtTime } from "../run/format";
import { loadLab, pullLabRun, useLab } from "./labStore";

const unfinished = (r: LabRun) => r.status === "running" || r.status === "interrupted";

function LabRow({ run, busy }: { run: LabRun; busy: boolean }) {
  const t = run.totals;
  return (
    <div className="labrow" data-testid="lab-row" data-run-id={run.id}>
      <span className="runrow__label" title={run.id}>{run.label || run.id}</span>
      <span className="runrow__pipe" title={run.pipelineName}>{run.pipelineName}</span>
      <span className={`rstatus rstatus--${run.status}`}>{run.status}</span>
      <span className="num">{t.itemsDone.toLocaleString("en-US")}{t.items ? ` / ${t.items.toLocaleString("en-US")}` : ""}</span>
      <span className="small">{fmtTime(run.startedAt)}</span>
      <span className="runrow__actions">
        {run.here ? (
          <span className="muted small" data-testid="lab-here">in this database</span>
        ) : (
          <button
            type="button"
            className="btn btn--small"
            disabled={busy || unfinished(run)}
            onClick={() => void pullLabRun(run.id)}
            title={unfinished(run) ? "Only a finished run is pulled" : "Copy the run, its results and the calls they used into this database"}
            data-testid="lab-pull"
          >
            {busy ? "Pulling…" : "Pull"}
          </button>
        )}
      </span>
    </div>
  );
}

export function LabPanel() {
  const { runs, pulling, last } = useLab();
  useEffect(() => void loadLab(), []);
  return (
    <section className="storage lab" data-testid="lab-panel" aria-label="Lab store">
      {!runs && <span className="muted">Loading…</span>}
      {runs?.state === "off" && (
        <p className="small muted" data-testid="lab-off">
          No lab store. Start the app with <code>CASCADE_LAB_STORE=postgres://…</code> to see the runs pushed there (<code>cascade push</code>) and pull them here (README: Scale out).
        </p>
      )}
      {runs?.state === "error" && <p className="error small" data-testid="lab-error">{runs.error}</p>}
      {runs?.state === "on" && (
        <>
          <p className="small muted" data-testid="lab-where">
            {runs.runs.length} run{runs.runs.length === 1 ? "" : "s"} in the lab store {runs.where}
          </p>
          {runs.runs.map((r) => (
            <LabRow key={r.id} run={r} busy={pulling.includes(r.id)} />
          ))}
        </>
      )}
      {last && "pull" in last && (
        <p className="small" data-testid="lab-pulled">
          {last.pull.outcome === "skipped" ? `${last.pull.runId} is in this database already` : `Pulled ${last.pull.runId}: ${last.pull.results.toLocaleString("en-US")} results, ${last.pull.cacheRows.toLocaleString("en-US")} cached calls`}
        </p>
      )}
      {last && "error" in last && <p className="error small" data-testid="lab-pull-error">{last.error}</p>}
    </section>
  );
}
