/** `cascade run --repeats k`: the per-repeat lines and each score's mean ± sd over the repeats (shared/repeats.ts). */
import type { RunSummary } from "../../shared/contract";
import { formatRepeatMetric } from "../../shared/repeats";

/** Lines for a group of repeats, given repeat 0's summary and every repeat's (in order). */
export function repeatLines(first: RunSummary, runs: RunSummary[]): string[] {
  const stats = first.repeat?.stats;
  if (!stats) return [];
  const lines = [`repeats: ${runs.length} of ${stats.count} ran${runs.length < stats.count ? " (the group stopped early: a repeat was cancelled or failed)" : ""}`];
  runs.forEach((r, i) => {
    const scores = Object.entries(r.metrics).flatMap(([nodeId, ms]) => ms.map((m) => `${nodeId} ${m.name} ${m.value.toFixed(3)}`));
    lines.push(`  repeat ${i + 1}: run ${r.id} ${r.status}${scores.length ? `, ${scores.join(", ")}` : ""}`);
  });
  for (const [nodeId, metrics] of Object.entries(stats.metrics)) {
    for (const m of metrics) lines.push(`  ${nodeId} ${m.name} ${formatRepeatMetric(m)}`);
  }
  return lines;
}

/** The exit status of a group: the worst of its repeats (cancelled 130, failed or item errors 1, else 0). */
export function groupExitCode(runs: RunSummary[]): number {
  if (runs.some((r) => r.status === "cancelled")) return 130;
  return runs.some((r) => r.status === "failed" || r.totals.errors > 0) ? 1 : 0;
}
