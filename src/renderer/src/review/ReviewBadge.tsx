/**
 * On a review node: how many items wait for a decision in the run on show — one click opens its queue. On a
 * filter (and a review) node after a run: "in → out", one click opens the report of why items were dropped.
 */
import { useEffect } from "react";
import { getKind } from "../../../shared/nodes/registry";
import { useRun } from "../run/runStore";
import { useRunStatus } from "../store/runStatusStore";
import { PauseIcon } from "./PauseIcon";
import { useReview, waitingKey } from "./reviewStore";

export function ReviewBadge({ nodeId, kind }: { nodeId: string; kind: string }) {
  const runId = useRunStatus((s) => s.runId);
  const pendingFromRun = useRunStatus((s) => s.nodes[nodeId]?.pending ?? 0);
  const finished = useRun((s) => s.live?.runId === runId && s.live?.status !== "running");
  const known = useReview((s) => (runId ? s.waiting[waitingKey(runId, nodeId)] : undefined));
  const report = useReview((s) => (runId ? s.reports[runId]?.find((r) => r.nodeId === nodeId) : undefined));
  // Kinds whose report counts items in → out (filter, review): their descriptors say so.
  const reportable = getKind(kind)?.report === "items";
  useEffect(() => {
    if (runId && reportable && finished) void useReview.getState().loadReports(runId);
  }, [runId, reportable, finished]);
  if (!runId || !reportable) return null;
  const waiting = known ?? pendingFromRun;
  const open = (tab: "queue" | "report") => (e: React.MouseEvent) => {
    e.stopPropagation();
    void useReview.getState().openNode(runId, nodeId, tab, kind === "review");
  };
  return (
    <div className="cnode__review nodrag">
      {kind === "review" && (waiting > 0 || report) && (
        <button
          type="button"
          className={`review-badge${waiting > 0 ? " review-badge--waiting" : ""}`}
          onClick={open("queue")}
          title={waiting > 0 ? `${waiting} item${waiting === 1 ? "" : "s"} waiting for your decision — open the review queue` : "Open the review queue"}
          data-testid={`review-badge-${nodeId}`}
          data-waiting={waiting}
        >
          {waiting > 0 ? (
            <>
              <PauseIcon />
              {waiting} to review
            </>
          ) : (
            "✓ reviewed"
          )}
        </button>
      )}
      {report && (
        <button type="button" className="review-badge review-badge--report" onClick={open("report")} title="Items in, out and why they were dropped" data-testid={`report-badge-${nodeId}`}>
          {report.in} → {report.out}
          {report.dropped ? ` · ${report.dropped} dropped` : ""}
        </button>
      )}
    </div>
  );
}
