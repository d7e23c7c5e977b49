/** cascade runs: lists the runs in the database, newest first. */
import { openBatchesNote } from "../batchLines";
import { openCliStore } from "../openCliStore";
import type { RunSummary } from "../../../shared/contract";
import type { Command } from "../command";
import { COMMAND_INFO } from "../commandInfo";
import { parseCommandArgs, UsageError } from "../command";

function when(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").slice(0, 19);
}

function accuracyOf(r: RunSummary): string {
  const parts: string[] = [];
  for (const [nodeId, metrics] of Object.entries(r.metrics)) {
    const acc = metrics.find((m) => m.name === "accuracy");
    if (acc) parts.push(`${nodeId}=${acc.value.toFixed(3)}`);
  }
  return parts.join(" ");
}

export const runsCommand: Command = {
  ...COMMAND_INFO.runs,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { db: { type: "string" }, json: { type: "boolean" } });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const store = openCliStore(values.db, "read");
    try {
      const runs = store.runs.list();
      if (values.json) {
        io.out(JSON.stringify(runs, null, 2));
        return 0;
      }
      if (runs.length === 0) {
        io.out("no runs yet");
        return 0;
      }
      const openBatches = store.batches.open();
      const rows = runs.map((r) => [
        r.id,
        when(r.startedAt),
        r.status,
        String(r.totals.items),
        String(r.totals.errors),
        `${r.totals.calls}/${r.totals.cacheHits}`,
        accuracyOf(r),
        (r.label || r.pipelineName) + (r.imported ? ` (imported from ${r.imported.bundle})` : "") + openBatchesNote(openBatches.filter((j) => j.runId === r.id)),
      ]);
      const header = ["ID", "STARTED (UTC)", "STATUS", "ITEMS", "ERRORS", "CALLS/CACHED", "ACCURACY", "LABEL"];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
      for (const r of [header, ...rows]) io.out(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  "));
      return 0;
    } finally {
      store.close();
    }
  },
};
