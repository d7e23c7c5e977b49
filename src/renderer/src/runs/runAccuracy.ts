/** The accuracy a run reports (the first "accuracy" metric of its nodes, score nodes first), for the history list. */
import type { RunSummary } from "../../../shared/contract";
import type { Metric } from "../../../shared/events";

export function runAccuracy(run: Pick<RunSummary, "metrics">): (Metric & { nodeId: string }) | null {
  const entries = Object.entries(run.metrics).sort(([a], [b]) => (a === "score" ? -1 : b === "score" ? 1 : a.localeCompare(b)));
  for (const [nodeId, metrics] of entries) {
    const m = metrics.find((x) => x.name === "accuracy");
    if (m) return { ...m, nodeId };
  }
  return null;
}
