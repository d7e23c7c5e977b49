/**
 * The followed run at a glance, over the canvas: progress, ETA, calls, cache hits, tokens, cost, Cancel;
 * the focused item's streaming reply (StreamView); where its exports were written once it finished. Before a
 * run starts, the pre-flight's message takes its place (PreflightNotice).
 */
import { useState } from "react";
import { copyText } from "../inspector/copy";
import { fmtCost, fmtCount, fmtDuration, fmtPct } from "./format";
import { runProgress, type ExportedFile, type LiveRun } from "./liveRun";
import { RUN_OUTCOME_TEXT, runOutcome } from "../../../shared/runOutcome";
import { useEditor } from "../store/editorStore";
import { usePreflight } from "./preflightStore";
import { cancelRun, dismissPreflight, runAnyway } from "./runActions";
import { useRun } from "./runStore";
import { BatchLines } from "./BatchLines";
import { ReviewWaitLines } from "./ReviewWaitLines";
import { StreamView } from "./StreamView";

/** The pre-flight: "checking…", or what is wrong with the model servers, with Run anyway / Don't run. */
function PreflightNotice() {
  const { phase, message } = usePreflight();
  return (
    <div className={`runbar runbar--check runbar--check-${phase}`} data-testid="run-check" data-phase={phase}>
      <div className="runbar__line">
        <strong className="runbar__status">{phase === "checking" ? "Checking…" : "Not started"}</strong>
        <span>{phase === "checking" ? "asking the model servers whether they answer and have the models" : "a model server is not ready for this run"}</span>
        <span className="runbar__spacer" />
        {phase === "problems" && (
          <>
            <button type="button" className="btn btn--small" onClick={() => void runAnyway()} title="Start the run without the check (like cascade run --no-check)" data-testid="run-check-anyway">
              Run anyway
            </button>
            <button type="button" className="icon-btn" onClick={dismissPreflight} title="Don't run" data-testid="run-check-dismiss">
              ✕
            </button>
          </>
        )}
      </div>
      {message && (
        <pre className="runbar__check-text" data-testid="run-check-message">
          {message}
        </pre>
      )}
    </div>
  );
}

function ExportLines({ files }: { files: ExportedFile[] }) {
  return (
    <ul className="runbar__exports">
      {files.map((f) => (
        <li key={f.nodeId} data-testid="run-export" data-node-id={f.nodeId}>
          <span className="muted">{f.nodeId}: wrote {fmtCount(f.records)} record{f.records === 1 ? "" : "s"} to</span>{" "}
          <code className="runbar__path" title={f.path} data-testid="run-export-path">
            {f.path}
          </code>
          <button type="button" className="btn btn--small btn--quiet" onClick={() => void copyText(f.path, "Path copied")} title="Copy the path" data-testid="run-export-copy">
            Copy
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Each score node's accuracy with its interval, where one looks after a run; "no item scored" when none was. */
function AccuracyLine({ live }: { live: LiveRun }) {
  const labels = useEditor((s) => s.doc.nodes);
  const scores = Object.entries(live.metrics ?? {}).flatMap(([nodeId, ms]) => ms.filter((m) => m.name === "accuracy").map((m) => ({ nodeId, m })));
  const label = (id: string) => labels.find((n) => n.id === id)?.label ?? id;
  if (scores.length === 0) {
    const scoreNodes = Object.keys(live.nodes).filter((id) => labels.find((n) => n.id === id)?.kind === "score");
    return live.status !== "running" && scoreNodes.length > 0 ? <span className="error" data-testid="runbar-accuracy" data-value="">no item scored</span> : null;
  }
  return (
    <>
      {scores.map(({ nodeId, m }) => (
        <span key={nodeId} className="runbar__acc" data-testid="runbar-accuracy" data-node-id={nodeId} data-value={m.value} title={`${label(nodeId)}: accuracy over ${m.n} scored items${m.low !== undefined ? `, 95% Wilson interval ${fmtPct(m.low)}–${fmtPct(m.high)}` : ""}`}>
          {scores.length > 1 ? `${label(nodeId)} ` : "Accuracy "}
          <b>{fmtPct(m.value)}</b>
          {m.low !== undefined && m.high !== undefined && <span className="muted"> [{fmtPct(m.low, 0)}–{fmtPct(m.high, 0)}]</span>}
          <span className="muted"> n={fmtCount(m.n)}</span>
        </span>
      ))}
    </>
  );
}

/** What an interrupted run is and how to finish it (the runs history says the same on hover). */
export const INTERRUPTED_HINT =
  "Its process stopped before the run finished (killed or crashed); the counts are of the results it wrote. Run the pipeline again to finish it: completed calls come from the cache.";

export function RunStatusBar() {
  const live = useRun((s) => s.live);
  const checking = usePreflight((s) => s.phase !== "idle");
  const [showStream, setShowStream] = useState(true);
  if (checking) return <PreflightNotice />;
  if (!live) return null;
  const t = live.totals;
  const p = runProgress(live);
  const items = t?.items || live.items;
  // Start and end come from two clocks when a run fails before it started (the app's, the server's): never < 0.
  const elapsed = Math.max(0, (live.finishedAt ?? Date.now()) - live.startedAt);
  const interrupted = live.status === "interrupted";
  const outcome = runOutcome(live.status, t);
  return (
    <div className={`runbar runbar--${outcome}`} data-testid="run-status" data-status={live.status} data-outcome={outcome} data-run-id={live.runId}>
      <div className="runbar__line">
        <strong className="runbar__status" data-testid="run-status-text" title={outcome === "done-with-errors" && t ? `${t.itemsFailed} of ${t.items} items failed` : undefined}>{RUN_OUTCOME_TEXT[outcome]}</strong>
        <div className="runbar__progress" title={p === null ? "size unknown" : `${Math.round(p * 100)}%`}>
          <div className="runbar__fill" style={{ transform: `scaleX(${p ?? 0})` }} />
        </div>
        <span data-testid="run-items">{fmtCount(t?.itemsDone ?? 0)}{items ? ` / ${fmtCount(items)}` : ""} items</span>
        {live.status === "running" ? (
          <span title="Estimated time left">ETA {fmtDuration(live.etaMs)}</span>
        ) : (
          !interrupted && <span title="Elapsed">{fmtDuration(elapsed)}</span> // an interrupted run has no end time
        )}
        <AccuracyLine live={live} />
        <span title="Model calls made" data-testid="run-calls">{fmtCount(t?.calls ?? 0)} calls</span>
        <span title="Calls answered from the cache" data-testid="run-cache-hits">{fmtCount(t?.cacheHits ?? 0)} cached</span>
        <span title="Input / output tokens">{fmtCount(t?.inputTokens ?? 0)} / {fmtCount(t?.outputTokens ?? 0)} tok</span>
        {t && t.costUsd > 0 && <span title="Cost where the model's price is known">{fmtCost(t.costUsd)}</span>}
        {t?.truncated ? <span style={{ color: "var(--warn)" }} title="Replies cut off by the model's token limit (not cached; raise maxTokens)" data-testid="run-truncated">{fmtCount(t.truncated)} truncated</span> : null}
        {t && t.errors > 0 && <span className="error" data-testid="run-errors">{fmtCount(t.errors)} error{t.errors === 1 ? "" : "s"}</span>}
        {live.error && <span className="error runbar__err" title={live.error} data-testid="run-error-text">{live.error}</span>}
        <span className="runbar__spacer" />
        {live.status === "running" && (
          <button type="button" className="btn btn--small" onClick={() => setShowStream(!showStream)} data-testid="run-stream-toggle">
            {showStream ? "Hide stream" : "Show stream"}
          </button>
        )}
        {live.status === "running" ? (
          <button type="button" className="btn btn--small btn--danger" onClick={() => void cancelRun(live.runId)} data-testid="run-cancel">
            ■ Cancel
          </button>
        ) : (
          <button type="button" className="icon-btn" onClick={() => useRun.getState().clear()} title="Hide (the run stays in the Runs tab)" data-testid="run-status-close">
            ✕
          </button>
        )}
      </div>
      {interrupted && (
        <p className="runbar__hint" data-testid="run-interrupted-hint">
          {INTERRUPTED_HINT}
        </p>
      )}
      {live.status === "running" && showStream && <StreamView />}
      <BatchLines live={live} />
      <ReviewWaitLines live={live} />
      {live.status !== "running" && live.exports && <ExportLines files={live.exports} />}
    </div>
  );
}
