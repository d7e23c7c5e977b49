/**
 * cascade runs: lists the runs in the database, newest first, each with its size (store/storageSizes.ts: its rows
 * plus the contents only it refers to) and whether it is pinned; `cascade runs pin|unpin <run>` pins a run, which
 * cascade gc then keeps; a run with provider batches still open (batch: true models) says what it waits on.
 * `--db postgres://…` (or $CASCADE_DB set to one) lists the runs of a PostgreSQL store through the store contract
 * (store/contract/runStore.ts): no sizes or pins there yet, they are SQLite's storage.
 */
import { openBatchesNote } from "../batchLines";
import { openCliStore } from "../openCliStore";
import { isStoreUrl, openRunStore } from "../../store/openRunStore";
import { resolveRunArg } from "../runArg";
import { formatBytes } from "../sizeArgs";
import type { RunSummary } from "../../../shared/contract";
import type { CliIO, Command } from "../command";
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

/** The table's columns of a run, and then its size and pin where the store keeps them (SQLite). */
function runCells(r: RunSummary): string[] {
  return [r.id, when(r.startedAt), r.status, String(r.totals.items), String(r.totals.errors), `${r.totals.calls}/${r.totals.cacheHits}`, accuracyOf(r)];
}
const HEAD = ["ID", "STARTED (UTC)", "STATUS", "ITEMS", "ERRORS", "CALLS/CACHED", "ACCURACY"];

function printTable(io: CliIO, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const r of [header, ...rows]) io.out(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  "));
}

/** The runs of a PostgreSQL store (openRunStore: a URL of another database is refused), newest first. */
async function listPostgresRuns(url: string, json: boolean, io: CliIO): Promise<number> {
  const store = await openRunStore(url);
  try {
    const runs = await store.runs.list();
    if (json) io.out(JSON.stringify(runs, null, 2));
    else if (runs.length === 0) io.out(`no runs yet in ${store.where}`);
    else printTable(io, [...HEAD, "LABEL"], runs.map((r) => [...runCells(r), r.label || r.pipelineName]));
    return 0;
  } finally {
    await store.close();
  }
}

export const runsCommand: Command = {
  ...COMMAND_INFO.runs,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { db: { type: "string" }, json: { type: "boolean" } });
    const [action, target, ...extra] = positionals;
    // A URL (postgres://…, or another database's, which openRunStore refuses by name) goes through the contract.
    const postgres = [values.db ?? process.env.CASCADE_DB].find((t): t is string => t !== undefined && isStoreUrl(t));
    if (action === "pin" || action === "unpin") {
      if (!target) throw new UsageError(`cascade runs ${action} needs a run id`);
      if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
      if (postgres) throw new UsageError(`cascade runs ${action}: the PostgreSQL store keeps no pins yet (cascade gc and pins are the SQLite store's)`);
      const store = openCliStore(values.db, "write");
      try {
        const id = resolveRunArg(store, target);
        store.storage.setPinned(id, action === "pin");
        io.out(`${action === "pin" ? "pinned" : "unpinned"} ${id}${action === "pin" ? " (cascade gc keeps it)" : ""}`);
        return 0;
      } finally {
        store.close();
      }
    }
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}" (cascade runs, or cascade runs pin|unpin <run>)`);
    if (postgres) return listPostgresRuns(postgres, values.json === true, io);
    const store = openCliStore(values.db, "read");
    try {
      const runs = store.runs.list();
      const sizes = store.storage.runSizes();
      const pinned = store.storage.pinnedRunIds();
      const openBatches = store.batches.open();
      const sizeOf = (id: string) => {
        const s = sizes.get(id);
        return { rows: s?.rows ?? 0, own: s?.own ?? 0, shared: s?.shared ?? 0 };
      };
      if (values.json) {
        io.out(JSON.stringify(runs.map((r) => ({ ...r, pinned: pinned.has(r.id), size: sizeOf(r.id) })), null, 2));
        return 0;
      }
      if (runs.length === 0) {
        io.out("no runs yet");
        return 0;
      }
      const rows = runs.map((r) => [
        ...runCells(r),
        formatBytes(sizeOf(r.id).rows + sizeOf(r.id).own),
        pinned.has(r.id) ? "pinned" : "",
        (r.label || r.pipelineName) + (r.imported ? ` (imported from ${r.imported.bundle})` : "") + openBatchesNote(openBatches.filter((j) => j.runId === r.id)),
      ]);
      printTable(io, [...HEAD, "SIZE", "PIN", "LABEL"], rows);
      return 0;
    } finally {
      store.close();
    }
  },
};
