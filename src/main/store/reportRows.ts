/**
 * What the run report (src/main/review/reports.ts) reads of a node's results: counts by status, the dropped and
 * failed rows with their reasons (a drop's as data, shared/dropReason.ts), a judge's label counts, and an
 * aggregate node's one row.
 */
import type { Database } from "better-sqlite3";
import type { ResultRow } from "../../shared/contract";
import { parseStoredDropReason, type DropReason } from "../../shared/dropReason";
import type { ResultWriter } from "./resultWriter";

export interface ProblemRow {
  itemId: string;
  status: "dropped" | "failed";
  /** The stored text (a failure's error; a drop's only for rows written before reasons were data). */
  error: string | null;
  /** A drop's reason as data (schema 7 rows: a filter's clause, read as "condition-false"). */
  dropReason?: DropReason;
}

export interface AggregateRow {
  status: ResultRow["status"];
  output: Record<string, unknown> | null;
  error: string | null;
}

export class ReportRows {
  constructor(
    private readonly db: Database,
    private readonly writer: ResultWriter,
  ) {}

  /** How many results of the node have each status. */
  statusCounts(runId: string, nodeId: string): Partial<Record<ResultRow["status"], number>> {
    this.writer.flush();
    const rows = this.db.prepare("SELECT status, COUNT(*) AS n FROM result_heads WHERE run_id = ? AND node_id = ? GROUP BY status").all(runId, nodeId) as { status: ResultRow["status"]; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** The node's dropped and failed rows in item order. */
  problems(runId: string, nodeId: string): ProblemRow[] {
    this.writer.flush();
    const rows = this.db
      .prepare("SELECT item_id, status, error, drop_reason FROM result_heads WHERE run_id = ? AND node_id = ? AND status IN ('dropped', 'failed') ORDER BY seq, item_id")
      .all(runId, nodeId) as { item_id: string; status: "dropped" | "failed"; error: string | null; drop_reason: string | null }[];
    return rows.map((r) => {
      const dropReason = r.status === "dropped" ? parseStoredDropReason(r.drop_reason) : undefined;
      return { itemId: r.item_id, status: r.status, error: r.error, ...(dropReason ? { dropReason } : {}) };
    });
  }

  /** How many done results of a judge node have each label (null: none). */
  labelCounts(runId: string, nodeId: string): { label: string | null; n: number }[] {
    this.writer.flush();
    return this.db
      .prepare(
        `SELECT json_extract(output, '$.label') AS label, COUNT(*) AS n FROM results
         WHERE run_id = ? AND node_id = ? AND status IN ('done', 'cached') AND output IS NOT NULL GROUP BY label ORDER BY n DESC, label`,
      )
      .all(runId, nodeId) as { label: string | null; n: number }[];
  }

  /** The one result row of an aggregate node (mix, export), or undefined when it has none. */
  aggregateRow(runId: string, nodeId: string): AggregateRow | undefined {
    this.writer.flush();
    const row = this.db.prepare("SELECT status, output, error FROM results WHERE run_id = ? AND node_id = ? LIMIT 1").get(runId, nodeId) as
      | { status: ResultRow["status"]; output: string | null; error: string | null }
      | undefined;
    return row && { ...row, output: row.output ? (JSON.parse(row.output) as Record<string, unknown>) : null };
  }
}
