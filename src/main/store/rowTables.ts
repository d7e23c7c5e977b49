/**
 * Where the store's hot reads (results pages, compare scans, compare item lists) read one run's rows of one node
 * from (migration 14). Rows the run owns are read from the tables as before migration 14 — `result_rows` for a
 * query of no output (its covering index results_items), `own_results` (results without the run_nodes join) for
 * one that reads outputs — so a run that shares nothing reads exactly as fast as before; a node whose rows are
 * another run's goes through the views that join `run_nodes` and `shared_facts` (`result_heads`, `results`).
 * Every other read uses the views: they give every run's rows.
 */
import type { Database } from "better-sqlite3";

export interface RowTables {
  /** The rows without their output: `result_rows` itself, or the view `result_heads`. */
  heads: "result_rows" | "result_heads";
  /** The rows with their output: the view `own_results`, or `results`. */
  rows: "own_results" | "results";
}

export const OWN_ROWS: RowTables = { heads: "result_rows", rows: "own_results" };
export const SHARED_ROWS: RowTables = { heads: "result_heads", rows: "results" };

/** The tables to read run `runId`'s rows of `nodeId` from: its own (also when it has none yet), or shared. */
export function rowTables(db: Database, runId: string, nodeId: string): RowTables {
  const rowsOf = db.prepare("SELECT rows_of FROM run_nodes WHERE run_id = ? AND node_id = ?").pluck().get(runId, nodeId);
  return rowsOf === undefined || rowsOf === runId ? OWN_ROWS : SHARED_ROWS;
}
