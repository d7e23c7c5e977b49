/**
 * Reads an item's results with their traces (trace_rows and contents, migrations 3 and 9): one query over the primary key
 * (run, node ∈ the pipeline's nodes, item ∈ {the item, "*"}), so it stays fast on runs of any size.
 */
import type { Database } from "better-sqlite3";
import type { ResultRow } from "../../shared/contract";
import type { ResultWriter } from "./resultWriter";
import { toResultRow } from "./runsRepo";
import type { StoredTrace } from "./traceFormat";

/** The item id aggregate nodes (and the nodes after them) write their one result under. */
export const AGGREGATE_ITEM_ID = "*";

export interface TracedResult {
  row: ResultRow;
  trace?: StoredTrace;
}

export class TracesRepo {
  constructor(
    private readonly db: Database,
    private readonly writer: ResultWriter,
  ) {}

  /** Results of the item (and the aggregate rows "*") at the given nodes, by node id then item id. */
  forItem(runId: string, itemId: string, nodeIds: string[]): Map<string, Map<string, TracedResult>> {
    this.writer.flush();
    const out = new Map<string, Map<string, TracedResult>>();
    if (nodeIds.length === 0) return out;
    const marks = nodeIds.map(() => "?").join(", ");
    const rows = this.db
      .prepare(
        // The tables under the results/result_traces views (migration 9): a view on the right of a LEFT JOIN
        // would be computed whole.
        `SELECT r.*, coalesce(r.output, o.body) AS output, cascade_trace(c.body, t.calls) AS trace
         FROM result_rows r LEFT JOIN contents o ON o.hash = r.output_hash
           LEFT JOIN trace_rows t USING (run_id, node_id, item_id) LEFT JOIN contents c ON c.hash = t.trace_hash
         WHERE r.run_id = ? AND r.node_id IN (${marks}) AND r.item_id IN (?, ?)`,
      )
      .all(runId, ...nodeIds, itemId, AGGREGATE_ITEM_ID) as (Parameters<typeof toResultRow>[0] & { trace: string | null })[];
    for (const r of rows) {
      let byItem = out.get(r.node_id);
      if (!byItem) out.set(r.node_id, (byItem = new Map()));
      byItem.set(r.item_id, { row: toResultRow(r), ...(r.trace ? { trace: JSON.parse(r.trace) as StoredTrace } : {}) });
    }
    return out;
  }

  /** Whether the item has any result in the run. */
  hasItem(runId: string, itemId: string, nodeIds: string[]): boolean {
    return [...this.forItem(runId, itemId, nodeIds).values()].some((m) => m.has(itemId));
  }
}
