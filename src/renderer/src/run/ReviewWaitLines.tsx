/**
 * Under a finished run's bar: one line per review node whose items wait for a decision ("9 items wait for review
 * at Hand check — Review"); the button opens that node's queue. Counts as the node's badge has them: the queue's
 * last known count, else the run's per-node pending count.
 */
import type { LiveRun } from "./liveRun";
import { fmtCount } from "./format";
import { useEditor } from "../store/editorStore";
import { useReview, waitingKey } from "../review/reviewStore";

export function ReviewWaitLines({ live }: { live: LiveRun }) {
  const nodes = useEditor((s) => s.doc.nodes);
  const known = useReview((s) => s.waiting);
  if (live.status === "running") return null;
  const waits = nodes
    .filter((n) => n.kind === "review")
    .map((n) => ({ id: n.id, label: n.label || n.id, count: known[waitingKey(live.runId, n.id)] ?? live.nodes[n.id]?.pending ?? 0 }))
    .filter((w) => w.count > 0);
  if (waits.length === 0) return null;
  return (
    <ul className="runbar__reviews">
      {waits.map((w) => (
        <li key={w.id} data-testid="run-review-wait" data-node-id={w.id} data-waiting={w.count}>
          <span data-testid="run-review-text">
            {fmtCount(w.count)} {w.count === 1 ? "item waits" : "items wait"} for review at <b>{w.label}</b> —
          </span>{" "}
          <button type="button" className="btn btn--small" onClick={() => void useReview.getState().openNode(live.runId, w.id, "queue", true)} title="Open the review queue of this node" data-testid="run-review-open">
            Review
          </button>
        </li>
      ))}
    </ul>
  );
}
