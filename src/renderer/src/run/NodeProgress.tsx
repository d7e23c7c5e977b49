/** A thin bar under a node's header: how many of the run's items the node has finished. */
import { useRunStatus } from "../store/runStatusStore";
import { nodeProgress } from "./liveRun";
import { useRun } from "./runStore";

export function NodeProgress({ nodeId }: { nodeId: string }) {
  const counts = useRunStatus((s) => s.nodes[nodeId]);
  const expected = useRun((s) => s.live?.nodeItems[nodeId]);
  const runItems = useRun((s) => s.live?.totals?.items || s.live?.items || null);
  const running = useRun((s) => s.live?.status === "running");
  const p = nodeProgress(counts, expected, runItems);
  if (p === null) return null;
  const failed = counts && counts.failed > 0;
  return (
    <div className={`node-progress${running ? " node-progress--live" : ""}${failed ? " node-progress--failed" : ""}`} data-testid={`node-progress-${nodeId}`} data-progress={p.toFixed(3)} title={`${Math.round(p * 100)}% of items`}>
      <div className="node-progress__bar" style={{ transform: `scaleX(${p})` }} />
    </div>
  );
}
