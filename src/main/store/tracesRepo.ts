/**
 * Reads an item's results with their traces (result_traces, migration 3): one query over the primary key
 * (run, node ∈ the pipeline's nodes, item ∈ {the item, "*"}), so it stays fast on runs of any size.
 */
import type { Database } from "better-sqlite3";
import type { ResultRow } from "../../shared/contract";
import type { ResultWriter } from "./resultWriter";
import type { RecordsQuery } from "./contract/runStore";
import { toResultRecord, toResultRow, type RecordDbRow } from "./runRows";
import type { StoredTrace } from "./traceFormat";
import type { ResultRecord } from "./types";

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
        `SELECT r.*, t.trace FROM results r LEFT JOIN result_traces t USING (run_id, node_id, item_id)
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

  /**
   * A node's records with their traces in item order (seq, item id), `limit` after `after` (contract
   * results.records): the page's rows by a row-value bound (an index range, as iterateResults' pages are), then
   * the page's traces by key. (One LEFT JOIN of the two views read 20,000 rows in 30 s: it walked the node's
   * traces for every page.)
   */
  records(q: RecordsQuery): ResultRecord[] {
    this.writer.flush();
    const rows = this.db
      .prepare("SELECT * FROM results WHERE run_id = ? AND node_id = ? AND (seq, item_id) > (?, ?) ORDER BY seq, item_id LIMIT ?")
      .all(q.runId, q.nodeId, q.after?.seq ?? -Infinity, q.after?.itemId ?? "", q.limit) as Omit<RecordDbRow, "trace">[];
    if (rows.length === 0) return [];
    const traces = new Map(
      (
        this.db
          .prepare("SELECT item_id, trace FROM result_traces WHERE run_id = ? AND node_id = ? AND item_id IN (SELECT value FROM json_each(?))")
          .all(q.runId, q.nodeId, JSON.stringify(rows.map((r) => r.item_id))) as { item_id: string; trace: string }[]
      ).map((t) => [t.item_id, t.trace]),
    );
    return rows.map((r) => toResultRecord(q.runId, { ...r, trace: traces.get(r.item_id) ?? null }));
  }

  /** Whether the item has any result in the run. */
  hasItem(runId: string, itemId: string, nodeIds: string[]): boolean {
    return [...this.forItem(runId, itemId, nodeIds).values()].some((m) => m.has(itemId));
  }
}
