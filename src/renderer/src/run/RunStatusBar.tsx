/**
 * The followed run at a glance, over the canvas: progress, ETA, calls, cache hits, tokens, cost, Cancel;
 * and the focused item's streaming reply (StreamView).
 */
import { useState } from "react";
import { fmtCost, fmtCount, fmtDuration } from "./format";
import { runProgress } from "./liveRun";
import { cancelRun } from "./runActions";
import { useRun } from "./runStore";
import { StreamView } from "./StreamView";

const STATUS_TEXT = { running: "Running", done: "Done", failed: "Failed", cancelled: "Cancelled" } as const;

export function RunStatusBar() {
  const live = useRun((s) => s.live);
  const [showStream, setShowStream] = useState(true);
  if (!live) return null;
  const t = live.totals;
  const p = runProgress(live);
  const items = t?.items || live.items;
  const elapsed = (live.finishedAt ?? Date.now()) - live.startedAt;
  return (
    <div className={`runbar runbar--${live.status}`} data-testid="run-status" data-status={live.status} data-run-id={live.runId}>
      <div className="runbar__line">
        <strong className="runbar__status" data-testid="run-status-text">{STATUS_TEXT[live.status]}</strong>
        <div className="runbar__progress" title={p === null ? "size unknown" : `${Math.round(p * 100)}%`}>
          <div className="runbar__fill" style={{ width: `${(p ?? 0) * 100}%` }} />
        </div>
        <span data-testid="run-items">{fmtCount(t?.itemsDone ?? 0)}{items ? ` / ${fmtCount(items)}` : ""} items</span>
        {live.status === "running" ? <span title="Estimated time left">ETA {fmtDuration(live.etaMs)}</span> : <span title="Elapsed">{fmtDuration(elapsed)}</span>}
        <span title="Model calls made" data-testid="run-calls">{fmtCount(t?.calls ?? 0)} calls</span>
        <span title="Calls answered from the cache" data-testid="run-cache-hits">{fmtCount(t?.cacheHits ?? 0)} cached</span>
        <span title="Input / output tokens">{fmtCount(t?.inputTokens ?? 0)} / {fmtCount(t?.outputTokens ?? 0)} tok</span>
        {t && t.costUsd > 0 && <span title="Cost where the model's price is known">{fmtCost(t.costUsd)}</span>}
        {t && t.errors > 0 && <span className="error" data-testid="run-errors">{t.errors} errors</span>}
        {live.error && <span className="error runbar__err" title={live.error}>{live.error}</span>}
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
      {live.status === "running" && showStream && <StreamView />}
    </div>
  );
}
